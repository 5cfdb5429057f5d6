/**
 * The zk-cli command interpreter: zkCli.sh 3.8's commands, options, output and error
 * messages on top of the zk-ts client library. Used by zk-cli.ts both for one-shot commands
 * and for the interactive shell; it writes through an `Io` so that it does not care which.
 */
import { readFileSync } from 'node:fs';
import {
  createClient,
  formatWatchedEvent,
  parseAcl,
  CreateMode,
  InvalidACLError,
  InvalidPathError,
  NoNodeError,
  OPEN_ACL_UNSAFE,
  ZooKeeperError,
  op,
  type ACL,
  type Stat,
  type WatchedEvent,
  type WatcherTypeName,
  type ZooKeeperClient,
  type ClientSecurityOptions,
} from '../client/index.js';
import { MAX_TTL } from '../wire/index.js';
import { cliErrorMessage, formatAclList, formatStat, javaList } from './format.js';
import { ParseError, parseCommandArgs, tokenize, type ParsedCommand } from './parse.js';
import { transferLeader } from './leadership.js';
import { createQuota, delQuota, listQuota, QuotaPathError, QUOTA_ROOT, StatsTrack } from './quota.js';

export interface Io {
  /** Writes to standard output (text includes its newlines). */
  out(text: string): void;
  /** Writes to standard error. */
  err(text: string): void;
}

/** A command failure: printed to stderr, sets the exit code (zkCli's CliException). */
export class CliError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
  }
}

interface Command {
  usage: string;
  /** false for shell-level commands that work without a connection. */
  needsConnection: boolean;
  run(shell: Shell, tokens: string[]): Promise<void>;
}

export interface ShellOptions {
  server: string;
  sessionTimeout: number;
  /** Interactive shells print connection-state events; one-shot runs keep stdout clean. */
  interactive: boolean;
  version: string;
  /** TLS and SASL settings (from -client-configuration and CLIENT_JVMFLAGS). */
  security?: ClientSecurityOptions;
}

export class Shell {
  client: ZooKeeperClient | null = null;
  host: string;
  printWatches = true;
  exitCode = 0;
  commandCount = 0;
  readonly history = new Map<number, string>();
  /** Set by `quit`: the caller should stop reading input and exit. */
  quitRequested = false;
  quitExitCode = 0;

  constructor(readonly io: Io, readonly options: ShellOptions) {
    this.host = options.server;
  }

  /** zkCli's prompt: `[zk: host:port(CONNECTED) 3] `. */
  prompt(): string {
    return `[zk: ${this.host}(${this.client ? this.client.state : 'CLOSED'}) ${this.commandCount}] `;
  }

  /** (Re)connects; the previous session, if any, is closed first. */
  async connect(host: string): Promise<void> {
    if (this.client && this.isAlive()) await this.client.close();
    this.host = host;
    const client = createClient(host, {
      sessionTimeout: this.options.sessionTimeout,
      queueTimeout: this.options.sessionTimeout,
      watcher: (e) => this.onEvent(e),
      ...this.options.security,
    });
    // Keep a bad connect string from killing the shell: createClient throws synchronously.
    this.client = client;
    if (this.options.interactive) {
      // zkCli's client logs these; say plainly what happens to the connection.
      client.on('disconnected', (reason) => this.io.err(`Connection to ${host} lost (${reason}); reconnecting\n`));
      client.on('reconnected', (info) => this.io.err(`Reconnected to ${info.server}, session 0x${info.sessionId.toString(16)} kept\n`));
      client.on('expired', () => this.io.err('Session expired: its ephemeral nodes and watches are gone; use connect to start a new session\n'));
    }
  }

  /** -waitforconnection: the session must be established within `timeoutMs`. */
  async waitForConnection(timeoutMs: number): Promise<void> {
    const zk = this.zk;
    try {
      await zk.connected(timeoutMs);
    } catch {
      await zk.close();
      throw new CliError(`Unable to connect to ${this.host} within ${timeoutMs} ms: KeeperErrorCode = ConnectionLoss`);
    }
  }

  /** zkCli 3.8 still runs commands after an auth failure (they fail with AuthFailed). */
  isAlive(): boolean {
    const s = this.client?.state;
    return s === 'CONNECTED' || s === 'CONNECTING' || s === 'AUTH_FAILED';
  }

  private onEvent(e: WatchedEvent): void {
    if (!this.printWatches) return;
    if (e.type === 'None' && !this.options.interactive) return;
    this.io.out(`\nWATCHER::\n\n${formatWatchedEvent(e)}\n`);
  }

  /** One line of the interactive shell: recorded in the history, then run. */
  async executeLine(line: string): Promise<void> {
    if (line.trim() === '') return;
    const tokens = tokenize(line);
    if (tokens.length === 0) return;
    this.history.set(this.commandCount, line);
    await this.processCmd(tokens);
    this.commandCount++;
  }

  /** Runs one command; errors are printed and turned into the exit code, as zkCli does. */
  async processCmd(tokens: string[]): Promise<void> {
    try {
      await this.processZKCmd(tokens);
      this.exitCode = 0;
    } catch (e) {
      if (e instanceof CliError) {
        this.exitCode = e.exitCode;
        this.io.err(`${e.message}\n`);
      } else if (e instanceof ZooKeeperError) {
        this.exitCode = 1;
        this.io.err(`${cliErrorMessage(e)}\n`);
      } else {
        this.exitCode = 1;
        this.io.err(`${(e as Error).message ?? String(e)}\n`);
      }
    }
  }

  private async processZKCmd(tokens: string[]): Promise<void> {
    const name = tokens[0];
    const cmd = COMMANDS.get(name!);
    if (!cmd) {
      this.usage();
      throw new CliError(`Command not found: Command not found ${name}`, 127);
    }
    if (cmd.needsConnection && !this.isAlive()) {
      this.io.out('Not connected\n');
      return;
    }
    await cmd.run(this, tokens);
  }

  usage(): void {
    const lines = ['ZooKeeper -server host:port -client-configuration properties-file cmd args'];
    for (const name of [...COMMANDS.keys()].sort()) lines.push(`\t${name} ${COMMANDS.get(name)!.usage}`);
    this.io.err(lines.join('\n') + '\n');
  }

  /** Names of all commands, for tab completion. */
  static commandNames(): string[] {
    return [...COMMANDS.keys()].sort();
  }

  get zk(): ZooKeeperClient {
    if (!this.client) throw new CliError('Not connected');
    return this.client;
  }

  async close(): Promise<void> {
    if (this.client) await this.client.close();
  }
}

// ---------------------------------------------------------------- helpers

function parse(tokens: string[], flags: string, withValue: string, usage: string, minArgs: number): ParsedCommand {
  let p: ParsedCommand;
  try {
    p = parseCommandArgs(tokens, flags, withValue);
  } catch (e) {
    if (e instanceof ParseError) throw new CliError(e.cliMessage);
    throw e;
  }
  if (p.args.length < minArgs) throw new CliError(usage);
  return p;
}

function intOption(p: ParsedCommand, name: string, fallback: number): number {
  const v = p.values.get(name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!/^-?\d+$/.test(v.trim()) || !Number.isSafeInteger(n)) throw new CliError(`-${name} argument must be an integer: ${v}`);
  return n;
}

function aclArg(shell: Shell, text: string): ACL[] {
  const { acl, warnings } = parseAcl(text);
  for (const w of warnings) shell.io.err(`${w}\n`);
  return acl;
}

function printStat(shell: Shell, stat: Stat): void {
  shell.io.out(formatStat(stat));
}

/** ZKUtil.visitSubTreeDFS: the node, then each level's children (sorted) before descending. */
async function visitSubTreeDFS(zk: ZooKeeperClient, path: string, watch: boolean, visit: (p: string) => Promise<void> | void): Promise<void> {
  await zk.getData(path, watch);
  await visit(path);
  const helper = async (p: string): Promise<void> => {
    let children: string[];
    try {
      children = (await zk.getChildren(p, watch)).sort();
    } catch (e) {
      if (e instanceof NoNodeError) return; // removed meanwhile
      throw e;
    }
    const paths = children.map((c) => (p === '/' ? `/${c}` : `${p}/${c}`));
    for (const c of paths) await visit(c);
    for (const c of paths) await helper(c);
  };
  await helper(path);
}

/** ZKUtil.listSubTreeBFS: the node and all descendants, parents before children. */
async function listSubTreeBFS(zk: ZooKeeperClient, root: string): Promise<string[]> {
  const tree = [root];
  for (let i = 0; i < tree.length; i++) {
    const node = tree[i];
    for (const child of await zk.getChildren(node!)) tree.push(node === '/' ? `/${child}` : `${node}/${child}`);
  }
  return tree;
}

const WATCH_TYPES: Array<[string, WatcherTypeName]> = [
  ['c', 'Children'],
  ['d', 'Data'],
  ['p', 'Persistent'],
  ['r', 'PersistentRecursive'],
  ['a', 'Any'],
];

// ---------------------------------------------------------------- commands

const COMMANDS = new Map<string, Command>();

function define(name: string, usage: string, run: Command['run'], needsConnection = true): void {
  COMMANDS.set(name, { usage, run, needsConnection });
}

define('ls', '[-s] [-w] [-R] path', async (shell, tokens) => {
  const usage = 'ls [-s] [-w] [-R] path';
  const p = parse(tokens, 'swR?', '', usage, 2);
  const path = p.args[1]!;
  const watch = p.flags.has('w');
  if (p.flags.has('R')) {
    await visitSubTreeDFS(shell.zk, path, watch, (x) => shell.io.out(`${x}\n`));
    return;
  }
  if (p.flags.has('s')) {
    const { children, stat } = await shell.zk.getChildren2(path, watch);
    shell.io.out(`${javaList(children.sort())}\n`);
    printStat(shell, stat);
  } else {
    const children = await shell.zk.getChildren(path, watch);
    shell.io.out(`${javaList(children.sort())}\n`);
  }
});

define('get', '[-s] [-w] path', async (shell, tokens) => {
  const p = parse(tokens, 'sw', '', 'get [-s] [-w] path', 2);
  const { data, stat } = await shell.zk.getData(p.args[1]!, p.flags.has('w'));
  shell.io.out(`${data === null ? 'null' : data.toString('utf8')}\n`);
  if (p.flags.has('s')) printStat(shell, stat);
});

define('set', '[-s] [-v version] path data', async (shell, tokens) => {
  const p = parse(tokens, 's', 'v', 'set [-s] [-v version] path data', 3);
  const stat = await shell.zk.setData(p.args[1]!, p.args[2], intOption(p, 'v', -1));
  if (p.flags.has('s')) printStat(shell, stat);
});

define('create', '[-s] [-e] [-c] [-t ttl] path [data] [acl]', async (shell, tokens) => {
  const p = parse(tokens, 'sec', 't', 'create [-s] [-e] [-c] [-t ttl] path [data] [acl]', 2);
  const e = p.flags.has('e');
  const s = p.flags.has('s');
  const c = p.flags.has('c');
  const hasT = p.values.has('t');
  if (c && (e || s)) throw new CliError('-c cannot be combined with -s or -e. Containers cannot be ephemeral or sequential.');
  let ttl = 0n;
  if (hasT) {
    const v = p.values.get('t')!;
    if (!/^-?\d+$/.test(v)) throw new CliError('-t argument must be a long value');
    ttl = BigInt(v);
  }
  if (hasT && e) throw new CliError('TTLs cannot be used with Ephemeral znodes');
  if (hasT && c) throw new CliError('TTLs cannot be used with Container znodes');
  if (hasT && (ttl <= 0n || ttl > MAX_TTL)) throw new CliError(`ttl must be positive and cannot be larger than: ${MAX_TTL}`);
  let mode: number;
  if (e && s) mode = CreateMode.EPHEMERAL_SEQUENTIAL;
  else if (e) mode = CreateMode.EPHEMERAL;
  else if (s) mode = hasT ? CreateMode.PERSISTENT_SEQUENTIAL_WITH_TTL : CreateMode.PERSISTENT_SEQUENTIAL;
  else if (c) mode = CreateMode.CONTAINER;
  else mode = hasT ? CreateMode.PERSISTENT_WITH_TTL : CreateMode.PERSISTENT;
  const path = p.args[1]!;
  const data = p.args.length > 2 ? p.args[2] : null;
  const acl = p.args.length > 3 ? aclArg(shell, p.args[3]!) : OPEN_ACL_UNSAFE;
  try {
    const created = await shell.zk.create(path, data, { mode, acl, ttl: hasT ? ttl : undefined });
    // zkCli 3.8 prints this line on stderr; kept there so that scripts behave the same.
    shell.io.err(`Created ${created}\n`);
  } catch (err) {
    if (err instanceof InvalidACLError) shell.io.err(`${err.message}\n`);
    throw err;
  }
});

define('delete', '[-v version] path', async (shell, tokens) => {
  const p = parse(tokens, '', 'v', 'delete [-v version] path', 2);
  await shell.zk.delete(p.args[1]!, intOption(p, 'v', -1));
});

define('deleteall', 'path [-b batch size]', async (shell, tokens) => {
  const p = parse(tokens, '', 'b', 'deleteall path [-b batch size]', 2);
  const batch = intOption(p, 'b', 1000);
  if (batch <= 0) throw new CliError('Batch size must be greater than 0');
  const zk = shell.zk;
  const tree = await listSubTreeBFS(zk, p.args[1]!);
  // Deepest first, in multi batches (ZKUtil.deleteRecursive).
  for (let end = tree.length; end > 0; end -= batch) {
    const ops = tree.slice(Math.max(0, end - batch), end).reverse().map((x) => op.delete(x));
    try {
      await zk.multi(ops);
    } catch (e) {
      shell.io.err('Failed to delete some node(s) in the subtree!\n');
      throw e;
    }
  }
});

define('stat', '[-w] path', async (shell, tokens) => {
  const p = parse(tokens, 'w', '', 'stat [-w] path', 2);
  const path = p.args[1]!;
  const stat = await shell.zk.exists(path, p.flags.has('w'));
  if (stat === null) throw new NoNodeError(-101, path);
  printStat(shell, stat);
});

define('getAcl', '[-s] path', async (shell, tokens) => {
  const p = parse(tokens, 's', '', 'getAcl [-s] path', 2);
  const { acl, stat } = await shell.zk.getACL(p.args[1]!);
  shell.io.out(formatAclList(acl));
  if (p.flags.has('s')) printStat(shell, stat);
});

define('setAcl', '[-s] [-v version] [-R] path acl', async (shell, tokens) => {
  const p = parse(tokens, 'sR', 'v', 'setAcl [-s] [-v version] [-R] path acl', 3);
  const path = p.args[1]!;
  const acl = aclArg(shell, p.args[2]!);
  const version = intOption(p, 'v', -1);
  const zk = shell.zk;
  let stat: Stat | null = null;
  if (p.flags.has('R')) {
    await visitSubTreeDFS(zk, path, false, async (x) => {
      try {
        const s = await zk.setACL(x, acl, version);
        if (x === path) stat = s;
      } catch (e) {
        shell.io.err(`${cliErrorMessage(e)}\n`);
      }
    });
  } else {
    stat = await zk.setACL(path, acl, version);
  }
  if (p.flags.has('s') && stat) printStat(shell, stat);
});

define('addauth', 'scheme auth', async (shell, tokens) => {
  const p = parse(tokens, '', '', 'addauth scheme auth', 2);
  await shell.zk.addAuth(p.args[1]!, p.args[2] ?? '');
});

define('sync', 'path', async (shell, tokens) => {
  const p = parse(tokens, '', '', 'sync path', 2);
  try {
    await shell.zk.sync(p.args[1]);
    shell.io.out('Sync is OK\n');
  } catch (e) {
    if (e instanceof ZooKeeperError && !(e instanceof InvalidPathError)) {
      shell.io.out(`Sync has failed. rc=${e.code}\n`);
      return;
    }
    throw e;
  }
});

const ADD_WATCH_USAGE = '[-m mode] path # optional mode is one of [PERSISTENT, PERSISTENT_RECURSIVE] - default is PERSISTENT_RECURSIVE';
define('addWatch', ADD_WATCH_USAGE, async (shell, tokens) => {
  const p = parse(tokens, '', 'm', `addWatch ${ADD_WATCH_USAGE}`, 2);
  if (p.args.length !== 2) throw new CliError(`addWatch ${ADD_WATCH_USAGE}`);
  const mode = (p.values.get('m') ?? 'PERSISTENT_RECURSIVE').toUpperCase();
  if (mode !== 'PERSISTENT' && mode !== 'PERSISTENT_RECURSIVE') throw new CliError(`addWatch ${ADD_WATCH_USAGE}`);
  await shell.zk.addWatch(p.args[1]!, true, mode);
});

define('removewatches', 'path [-c|-d|-a] [-l]', async (shell, tokens) => {
  const p = parse(tokens, 'cdpral', '', 'removewatches path [-c|-d|-a] [-l]', 2);
  const type = WATCH_TYPES.find(([f]) => p.flags.has(f))?.[1] ?? 'Any';
  await shell.zk.removeAllWatches(p.args[1]!, type, p.flags.has('l'));
});

define('getEphemerals', 'path', async (shell, tokens) => {
  const p = parse(tokens, '', '', 'getEphemerals path', 1);
  const list = await shell.zk.getEphemerals(p.args[1] ?? '/');
  shell.io.out(`${javaList(list)}\n`);
});

define('getAllChildrenNumber', 'path', async (shell, tokens) => {
  const p = parse(tokens, '', '', 'getAllChildrenNumber path', 2);
  shell.io.out(`${await shell.zk.getAllChildrenNumber(p.args[1]!)}\n`);
});

define('whoami', '', async (shell) => {
  const infos = await shell.zk.whoAmI();
  shell.io.out('Auth scheme: User\n' + infos.map((i) => `${i.authScheme}: ${i.user}\n`).join(''));
});

define('config', '[-c] [-w] [-s]', async (shell, tokens) => {
  const p = parse(tokens, 'cws', '', 'config [-c] [-w] [-s]', 1);
  const { data, stat } = await shell.zk.getConfig(p.flags.has('w'));
  const text = data === null ? 'null' : data.toString('utf8');
  shell.io.out(`${p.flags.has('c') ? clientConfigString(text) : text}\n`);
  if (p.flags.has('s')) printStat(shell, stat);
});

const RECONFIG_USAGE =
  'reconfig [-s] [-v version] [[-file path] | [-members serverID=host:port1:port2;port3[,...]*]] | [-add serverId=host:port1:port2;port3[,...]]* [-remove serverId[,...]*]';
define('reconfig', RECONFIG_USAGE.slice('reconfig '.length), async (shell, tokens) => {
  const opts = parseReconfigArgs(tokens);
  const { data, stat } = await shell.zk.reconfig({ joining: opts.add, leaving: opts.remove, members: opts.members }, opts.version);
  shell.io.out(`Committed new configuration:\n${data === null ? '' : data.toString('utf8')}\n`);
  if (opts.stat) printStat(shell, stat);
});

const SETQUOTA_USAGE = 'setquota -n|-b|-N|-B val path';
define('setquota', SETQUOTA_USAGE.slice('setquota '.length), async (shell, tokens) => {
  const p = quotaOptions(tokens, true, SETQUOTA_USAGE);
  const path = p.args[1]!;
  if (path.startsWith(QUOTA_ROOT)) {
    shell.io.err(`cannot set a quota under the path: ${QUOTA_ROOT}\n`);
    return;
  }
  const quota = new StatsTrack();
  quota.count = -1;
  quota.bytes = -1;
  quota.countHardLimit = -1;
  quota.byteHardLimit = -1;
  for (const [flag, value] of p.values) {
    if (!/^[+-]?\d+$/.test(value) || !Number.isSafeInteger(Number(value)) || ((flag === 'n' || flag === 'N') && Math.abs(Number(value)) > 0x7fffffff)) {
      shell.io.err('NumberFormatException happens when parsing the option value\n');
      return;
    }
    const n = Number(value);
    if ((flag === 'n' || flag === 'N') && n <= 0) {
      shell.io.err('the num quota must be greater than zero\n');
      return;
    }
    if ((flag === 'b' || flag === 'B') && n < 0) {
      shell.io.err('the bytes quota must be greater than or equal to zero\n');
      return;
    }
    if (flag === 'n') quota.count = n;
    if (flag === 'b') quota.bytes = n;
    if (flag === 'N') quota.countHardLimit = n;
    if (flag === 'B') quota.byteHardLimit = n;
  }
  try {
    await createQuota(shell.zk, path, quota, shell.io);
  } catch (e) {
    if (e instanceof QuotaPathError) throw new CliError(e.message);
    throw e;
  }
});

define('listquota', 'path', async (shell, tokens) => {
  const p = parse(tokens, '', '', 'listquota path', 2);
  const path = p.args[1]!;
  shell.io.err(`absolute path is ${QUOTA_ROOT}${path}/zookeeper_limits\n`);
  try {
    const [limits, stats] = await listQuota(shell.zk, path);
    shell.io.out(`Output quota for ${path} ${limits}\nOutput stat for ${path} ${stats}\n`);
  } catch (e) {
    if (!(e instanceof NoNodeError)) throw e;
    shell.io.err(`quota for ${path} does not exist.\n`);
  }
});

define('delquota', '[-n|-b|-N|-B] path', async (shell, tokens) => {
  const p = quotaOptions(tokens, false, 'delquota [-n|-b|-N|-B] path');
  const path = p.args[1]!;
  const which = new Set([...p.flags].filter((f): f is 'n' | 'b' | 'N' | 'B' => 'nbNB'.includes(f)));
  try {
    await delQuota(shell.zk, path, which.size > 0 ? which : null, shell.io);
  } catch (e) {
    if (!(e instanceof NoNodeError)) throw e;
    shell.io.err(`quota for ${path} does not exist.\n`);
  }
});

define('close', '', async (shell) => {
  await shell.zk.close();
});

define('transferLeader', '[serverId]', async (shell, tokens) => {
  // zk-ts's own: a graceful leadership transfer through the four-letter words (src/cli/leadership.ts).
  const to = tokens[1];
  if (tokens.length > 2 || (to !== undefined && !/^\d{1,9}$/.test(to))) throw new CliError('transferLeader [serverId]');
  try {
    await transferLeader(shell.host, to === undefined ? null : Number(to), shell.io, Math.max(10_000, shell.options.sessionTimeout));
  } catch (e) {
    throw new CliError(`transferLeader: ${(e as Error).message}`);
  }
}, false);

define('version', '', async (shell) => {
  shell.io.out(`ZooKeeper CLI version: ${shell.options.version}\n`);
}, false);

define('connect', 'host:port', async (shell, tokens) => {
  await shell.connect(tokens[1] ?? shell.host);
}, false);

define('history', '', async (shell) => {
  for (let i = shell.commandCount - 10; i <= shell.commandCount; i++) {
    if (i < 0) continue;
    shell.io.out(`${i} - ${shell.history.get(i)}\n`);
  }
}, false);

define('redo', 'cmdno', async (shell, tokens) => {
  if (tokens.length < 2) return;
  const i = Number(tokens[1]);
  if (!Number.isInteger(i) || shell.commandCount <= i || i < 0) throw new CliError('Command index out of range');
  const line = shell.history.get(i)!;
  const again = tokenize(line);
  if (again[0] === 'redo') throw new CliError('No redoing redos');
  shell.history.set(shell.commandCount, line);
  await shell.processCmd(again);
}, false);

define('printwatches', 'on|off', async (shell, tokens) => {
  if (tokens.length === 1) shell.io.out(`printwatches is ${shell.printWatches ? 'on' : 'off'}\n`);
  else shell.printWatches = tokens[1] === 'on';
}, false);

const quit: Command['run'] = async (shell) => {
  // zkCli exits from inside the command, with the status of the command before `quit`.
  shell.quitExitCode = shell.exitCode;
  shell.printWatches = false; // zkCli exits before its event thread prints the Closed event
  await shell.close();
  shell.quitRequested = true;
};
define('quit', '', quit, false);
define('exit', '', quit, false); // zkCli 3.9's alias

/**
 * setquota / delquota options: one of -n -b -N -B (a commons-cli option group), with a value
 * for setquota. Errors read as commons-cli's.
 */
function quotaOptions(tokens: string[], withValues: boolean, usage: string): ParsedCommand {
  const p = parse(tokens, withValues ? '' : 'nbNB', withValues ? 'nbNB' : '', usage, 0);
  const given = withValues ? [...p.values.keys()] : [...p.flags];
  const seen: string[] = [];
  for (const t of tokens.slice(1)) {
    const f = /^-([nbNB])/.exec(t)?.[1];
    if (f !== undefined) {
      if (seen.length > 0 && seen[0] !== f) {
        throw new CliError(new ParseError(`The option '${f}' was specified but an option from this group has already been selected: '${seen[0]}'`, 'AlreadySelectedException').cliMessage);
      }
      seen.push(f);
    }
  }
  if (withValues && given.length === 0) {
    throw new CliError(new ParseError('Missing required option: [-n num soft quota, -b bytes soft quota, -N num hard quota, -B bytes hard quota]', 'MissingOptionException').cliMessage);
  }
  if (p.args.length < 2) throw new CliError(usage);
  return p;
}

/** ConfigUtils.getClientConfigStr: "<version> host:port,host:port" from a dynamic config. */
function clientConfigString(config: string): string {
  let version = '';
  const clients: string[] = [];
  for (const raw of config.split('\n')) {
    const line = raw.trim();
    const eq = line.indexOf('=');
    if (eq < 0) continue;
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    if (key === 'version') version = value;
    if (!key.startsWith('server.')) continue;
    const semi = value.indexOf(';');
    if (semi < 0) continue;
    let client = value.slice(semi + 1);
    if (!client.includes(':')) client = `0.0.0.0:${client}`;
    clients.push(client);
  }
  return `${version} ${clients.join(',')}`;
}

interface ReconfigOptions {
  stat: boolean;
  version: bigint;
  add: string | null;
  remove: string | null;
  members: string | null;
}

/** ReconfigCommand.parse: long single-dash options, incremental xor non-incremental. */
function parseReconfigArgs(tokens: string[]): ReconfigOptions {
  const o: ReconfigOptions = { stat: false, version: -1n, add: null, remove: null, members: null };
  let file: string | null = null;
  let versionText: string | null = null;
  for (let i = 1; i < tokens.length; i++) {
    const t = tokens[i]!;
    const value = () => {
      if (i + 1 >= tokens.length) throw new CliError(new ParseError(`Missing argument for option: ${t.slice(1)}`, 'MissingArgumentException').cliMessage);
      return tokens[++i]!;
    };
    if (t === '-s') o.stat = true;
    else if (t === '-v') versionText = value();
    else if (t === '-file') file = value();
    else if (t === '-members') o.members = value().toLowerCase();
    else if (t === '-add') o.add = value().toLowerCase();
    else if (t === '-remove') o.remove = value().toLowerCase();
    else if (t.startsWith('-')) throw new CliError(new ParseError(`Unrecognized option: ${t}`, 'UnrecognizedOptionException').cliMessage);
  }
  if (file === null && o.members === null && o.add === null && o.remove === null) throw new CliError(RECONFIG_USAGE);
  if (versionText !== null) {
    if (!/^[0-9a-fA-F]+$/.test(versionText)) throw new CliError('-v must be followed by a long (configuration version)');
    o.version = BigInt(`0x${versionText}`);
  }
  if ((file !== null || o.members !== null) && (o.add !== null || o.remove !== null)) {
    throw new CliError('Can\'t use -file or -members together with -add or -remove (mixing incremental and non-incremental modes is not allowed)');
  }
  if (file !== null && o.members !== null) throw new CliError("Can't use -file and -members together (conflicting non-incremental modes)");
  if (file !== null) {
    try {
      const lines = readFileSync(file, 'utf8')
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => /^server\.\d+\s*[=:]/.test(l))
        .map((l) => l.replace(/\s*[=:]\s*/, '='));
      o.members = lines.join('\n');
    } catch (e) {
      throw new CliError(`Error processing ${file}${(e as Error).message}`);
    }
  }
  return o;
}

/** Tab completion: command names for the first word, child znodes for a word starting with '/'. */
export async function complete(shell: Shell, line: string): Promise<[string[], string]> {
  const word = /(\S*)$/.exec(line)?.[1] ?? '';
  const before = line.slice(0, line.length - word.length);
  if (before.trim() === '') return [Shell.commandNames().filter((c) => c.startsWith(word)), word];
  const zk = shell.client;
  if (!word.startsWith('/') || !zk || zk.state !== 'CONNECTED') return [[], word];
  const slash = word.lastIndexOf('/');
  const dir = slash === 0 ? '/' : word.slice(0, slash);
  const prefix = word.slice(slash + 1);
  try {
    const children = await Promise.race([
      zk.getChildren(dir),
      new Promise<string[]>((resolve) => setTimeout(() => resolve([]), 2000).unref()),
    ]);
    const hits = children
      .filter((c) => c.startsWith(prefix))
      .sort()
      .map((c) => `${dir === '/' ? '' : dir}/${c}`);
    return [hits, word];
  } catch {
    return [[], word];
  }
}
