/**
 * Reads zoo.cfg and dataDir/myid from disk, runs the pure parser in src/config, resolves
 * relative paths and applies command-line overrides.
 *
 * Every problem with the operator's configuration surfaces as a ConfigError. The caller prints
 * `formatConfigError(e)` to stderr and exits with code 2 (CONFIG_ERROR_EXIT_CODE), so that
 * scripts can tell a bad configuration from a crash.
 */
import { asSid, type Sid } from '../base/ids.js';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  ConfigError,
  isStandalone,
  parseMyId,
  parseZooCfg,
  validateMyId,
  withSelfClientAddress,
  type ElectionAlgorithm,
  type SecurityConfig,
  type StoreSettings,
  type TlsSettings,
  type ZkConfig,
} from '../config/index.js';

export interface CommandLineOverrides {
  clientPort?: number | undefined;
  dataDir?: string | undefined;
  election?: ElectionAlgorithm | undefined;
  logLevel?: string | undefined;
  /**
   * The JVM flags ZooKeeper's scripts pass (SERVER_JVMFLAGS): a
   * `-Djava.security.auth.login.config=FILE` there names the JAAS file unless zoo.cfg does.
   */
  jvmFlags?: string | undefined;
}

export interface LoadedConfig {
  config: ZkConfig;
  /** Absolute path of the config file. */
  configFile: string;
  myid: Sid;
  warnings: string[];
  /** From --log-level; 'info' by default. */
  logLevel: string;
  /** The line of every key set in the file (for errors found after parsing, e.g. an unreadable key store). */
  lines: ReadonlyMap<string, number>;
}

export const CONFIG_ERROR_EXIT_CODE = 2;

/** winston's npm levels. */
export const LOG_LEVELS: readonly string[] = ['error', 'warn', 'info', 'http', 'verbose', 'debug', 'silly'];

const COMMAND_LINE = '<command line>';

export function loadConfig(configFile: string, overrides: CommandLineOverrides): LoadedConfig {
  const text = readText(configFile, 'cannot read the config file');
  if (text === undefined) {
    throw new ConfigError(configFile, undefined, undefined, 'cannot read the config file: no such file');
  }
  const parsed = parseZooCfg(text, configFile);
  const warnings = [...parsed.warnings];
  const baseDir = path.dirname(path.resolve(configFile));
  const fromFile = (p: string): string => path.resolve(baseDir, p);

  let config: ZkConfig = { ...parsed.config };
  config.dataDir = fromFile(config.dataDir);
  config.dataLogDir = parsed.lines.has('dataLogDir') ? fromFile(config.dataLogDir) : config.dataDir;
  if (config.logFile !== undefined) config.logFile = fromFile(config.logFile);
  config.security = resolveSecurityPaths(config.security, fromFile);
  const jaasFlag = /(?:^|\s)-Djava\.security\.auth\.login\.config=("[^"]*"|\S+)/.exec(overrides.jvmFlags ?? '');
  if (config.security.jaasLoginConfig === undefined && jaasFlag) {
    config.security = { ...config.security, jaasLoginConfig: path.resolve(jaasFlag[1]!.replace(/^"|"$/g, '')) };
  }

  if (overrides.dataDir !== undefined) {
    if (overrides.dataDir === '') {
      throw new ConfigError(COMMAND_LINE, undefined, '--data-dir', 'expected a directory path');
    }
    config.dataDir = path.resolve(overrides.dataDir);
    if (!parsed.lines.has('dataLogDir')) config.dataLogDir = config.dataDir;
  }
  if (overrides.election !== undefined) {
    if (overrides.election !== 'basic' && overrides.election !== 'fast') {
      throw new ConfigError(COMMAND_LINE, undefined, '--election', `expected basic or fast, got '${String(overrides.election)}'`);
    }
    config.electionAlg = overrides.election;
  }
  const logLevel = overrides.logLevel ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(COMMAND_LINE, undefined, '--log-level', `expected one of ${LOG_LEVELS.join(', ')}, got '${logLevel}'`);
  }

  // myid: required in a quorum, optional (default 1) when standalone.
  const myidFile = path.join(config.dataDir, 'myid');
  const myidText = readText(myidFile, 'cannot read myid');
  let myid = asSid(1);
  if (isStandalone(config)) {
    if (myidText !== undefined) myid = parseMyId(myidText, myidFile);
  } else {
    if (myidText === undefined) {
      throw new ConfigError(myidFile, undefined, undefined, 'missing: a quorum server needs dataDir/myid');
    }
    myid = parseMyId(myidText, myidFile);
    validateMyId(config, myid, myidFile);
  }
  config = withSelfClientAddress({ ...parsed, config }, myid, configFile);

  if (overrides.clientPort !== undefined) {
    const p = overrides.clientPort;
    if (!Number.isInteger(p) || p < 1 || p > 65535) {
      throw new ConfigError(COMMAND_LINE, undefined, '--client-port', `expected a port number 1..65535, got '${p}'`);
    }
    config.clientPort = p;
    config.security = { ...config.security, plainClientPort: true };
  }

  return { config, configFile: path.resolve(configFile), myid, warnings, logLevel, lines: parsed.lines };
}

/** Store, password and JAAS files named relative to the config file's folder, like dataDir. */
function resolveSecurityPaths(s: SecurityConfig, fromFile: (p: string) => string): SecurityConfig {
  const store = (st: StoreSettings | undefined): StoreSettings | undefined =>
    st && { ...st, location: fromFile(st.location), passwordPath: st.passwordPath === undefined ? undefined : fromFile(st.passwordPath) };
  const tls = (t: TlsSettings): TlsSettings => ({ ...t, keyStore: store(t.keyStore), trustStore: store(t.trustStore) });
  return {
    ...s,
    ssl: tls(s.ssl),
    quorumSsl: tls(s.quorumSsl),
    jaasLoginConfig: s.jaasLoginConfig === undefined ? undefined : fromFile(s.jaasLoginConfig),
  };
}

/** The file's text, undefined if it does not exist; any other read failure is a ConfigError. */
function readText(file: string, what: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    const reason = code === 'EISDIR' ? 'is a directory' : code ?? (err as Error).message;
    throw new ConfigError(file, undefined, undefined, `${what}: ${reason}`);
  }
}

/** One line for stderr. A non-ConfigError is a bug and keeps its stack. */
export function formatConfigError(e: unknown): string {
  if (e instanceof ConfigError) return `configuration error: ${e.message}`;
  if (e instanceof Error) return e.stack ?? e.message;
  return String(e);
}
