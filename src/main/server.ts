/**
 * `zk-server --config FILE [--client-port N] [--data-dir DIR] [--log-level L] [--election basic|fast]
 * [--record FILE [--record-limit BYTES] [--record-check-every N]]`: one server in the foreground. SIGINT/SIGTERM stop it cleanly. A bad configuration exits 2; a
 * quorum member whose storage fails exits 3, and a server whose core broke an invariant (a bug)
 * exits 4, each after a FATAL log line (docs/operations.md, "Exit status").
 */
import { parseUsualArgs, type ServerArgs } from './server-args.js';
import { ConfigError, isStandalone } from '../config/index.js';
import { CONFIG_ERROR_EXIT_CODE, formatConfigError, loadConfig } from './config-loader.js';
import { createLogger } from './logger.js';
import { startStandalone } from './standalone.js';
import { DEFAULT_CHECK_EVERY, DEFAULT_RECORD_LIMIT_BYTES, type RecordOptions } from './record.js';
import { startQuorumPeer } from './quorum.js';
import { loadSecurity } from './security.js';
import { armExitWatchdog } from './exit-watchdog.js';
import { startIdleCollector } from './idle-collector.js';
import type { FatalHandler } from '../net/core-runtime.js';

/** A quorum member whose storage failed exits with this status (docs/replication.md). */
const STORAGE_FAILURE_EXIT_CODE = 3;
/** A server whose core broke an invariant exits with this status (docs/architecture.md, "Invariants"). */
const INVARIANT_VIOLATION_EXIT_CODE = 4;

/**
 * How long an exit on a fatal failure may take before the process is killed: a write stuck in
 * the disk holds the exit up (src/main/exit-watchdog.ts); the process then ends by SIGKILL.
 */
const FATAL_EXIT_WATCHDOG_MS = 5000;

/** The FATAL line (naming the storage error or the invariant) is logged: exit once it is written. */
function exitFatally(log: { close(): Promise<void> }): FatalHandler {
  return (_reason, cause) => {
    const code = cause === 'invariant' ? INVARIANT_VIOLATION_EXIT_CODE : STORAGE_FAILURE_EXIT_CODE;
    void log.close().finally(() => {
      armExitWatchdog(FATAL_EXIT_WATCHDOG_MS);
      process.exit(code);
    });
  };
}

async function parseServerArgs(): Promise<ServerArgs> {
  const usual = parseUsualArgs(process.argv.slice(2));
  if (usual) return usual;
  const { default: yargs } = await import('yargs');
  const { hideBin } = await import('yargs/helpers');
  return yargs(hideBin(process.argv))
    .scriptName('zk-server')
    .usage('$0 --config FILE [options]')
    .option('config', { type: 'string', demandOption: true, describe: 'zoo.cfg to read' })
    .option('client-port', { type: 'number', describe: 'client port (overrides clientPort)' })
    .option('data-dir', { type: 'string', describe: 'data directory (overrides dataDir)' })
    .option('log-level', { type: 'string', describe: 'error, warn, info or debug' })
    .option('election', { choices: ['basic', 'fast'] as const, describe: 'election algorithm (overrides electionAlg)' })
    .option('record', { type: 'string', describe: 'record every core input to FILE, for zk-sim --replay (docs/architecture.md)' })
    .option('record-limit', { type: 'number', describe: `bytes FILE and FILE.1 keep together: at half, FILE becomes FILE.1 and a new FILE starts from a checkpoint of the core, dropping the oldest inputs (default ${DEFAULT_RECORD_LIMIT_BYTES})` })
    .option('record-check-every', { type: 'number', describe: `inputs between two hash checkpoints of the recording (default ${DEFAULT_CHECK_EVERY})` })
    .strict()
    .help()
    .parseSync();
}

async function main(): Promise<void> {
  const argv = await parseServerArgs();

  let loaded;
  let security;
  try {
    loaded = loadConfig(argv.config, {
      clientPort: argv['client-port'],
      dataDir: argv['data-dir'],
      logLevel: argv['log-level'],
      election: argv.election,
      jvmFlags: process.env.SERVER_JVMFLAGS ?? process.env.JVMFLAGS,
    });
    security = loadSecurity(loaded.config, loaded.configFile, loaded.lines);
  } catch (e) {
    process.stderr.write(`zk-server: ${formatConfigError(e)}\n`);
    process.exit(e instanceof ConfigError ? CONFIG_ERROR_EXIT_CODE : 1);
  }
  const { config, myid, configFile } = loaded;
  const log = await createLogger(loaded.logLevel, config.logFile, `myid:${myid}`);
  for (const w of loaded.warnings) log.warn(w);

  const record: RecordOptions | undefined = argv.record ? { file: argv.record, limitBytes: argv['record-limit'], checkEvery: argv['record-check-every'] } : undefined;
  let running;
  if (isStandalone(config)) {
    log.info(`starting standalone server (config ${configFile}, data ${config.dataDir})`);
    running = await startStandalone(config, myid, configFile, log, security, exitFatally(log), record);
  } else {
    log.info(`starting quorum member ${myid} (config ${configFile}, data ${config.dataDir}, ${config.electionAlg} election)`);
    running = await startQuorumPeer(
      config,
      myid,
      configFile,
      log,
      exitFatally(log),
      security,
      record,
    );
  }
  // Memory a burst of load leaves behind goes back once the server is idle (docs/performance.md,
  // section 16); ZKTS_IDLE_COLLECT=off leaves it to V8 alone.
  if (process.env.ZKTS_IDLE_COLLECT !== 'off') {
    const mb = (n: number) => (n / 1048576).toFixed(0);
    startIdleCollector({}, (before, after, ms) => log.debug(`idle: heap ${mb(before)} -> ${mb(after)} MiB in ${ms.toFixed(0)} ms`));
  }
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal} received, shutting down`);
    await running.stop();
    log.info('stopped');
    await log.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((e) => {
  process.stderr.write(`zk-server: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
