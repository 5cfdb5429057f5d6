/**
 * The bench's network: one network namespace per server, each with its own address on one LAN,
 * and the host (where the clients run) on the same LAN. The LAN is the userspace switch
 * (native/lan-switch.c) over TAP devices, because delay, jitter and loss need userspace on this
 * kernel (no netem); cuts and loss live there too, so that one place holds the whole link
 * matrix and one command heals it. Port 0 of the switch is the host; port i is server i. The
 * nemesis only ever degrades server-to-server links: clients keep reaching every server, as
 * Jepsen's control node does.
 *
 * Names carry the bench's pid (zkc<pid>-s<i> for namespaces, zkc<pid>t<p> for TAPs), and the
 * subnet is chosen from the pid, so two runs never collide, and a later run can recognise and
 * remove what a crashed run left behind.
 */
import { ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

export const NAME_PREFIX = 'zkc';

export interface LinkFault {
  cut?: boolean;
  lossPct?: number;
  delayMs?: number;
  jitterMs?: number;
}

export function run(cmd: string, args: string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(cmd, args, { maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${cmd} ${args.join(' ')}: ${stderr.trim() || err.message}`));
      else resolve(stdout);
    });
    if (input !== undefined) child.stdin!.end(input);
  });
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A live pid that is not a bench (the pid was reused) does not own the leftovers.
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('chaos');
  } catch {
    return false;
  }
}

/**
 * Removes namespaces (with every process inside) and links left by bench runs whose process is
 * gone. Returns what it removed.
 */
export async function removeLeftovers(): Promise<string[]> {
  const removed: string[] = [];
  const nsRe = new RegExp(`^(${NAME_PREFIX}(\\d+)-s\\d+)\\b`);
  for (const line of (await run('ip', ['netns', 'list'])).split('\n')) {
    const m = nsRe.exec(line.trim());
    if (!m || pidAlive(Number(m[2]))) continue;
    await killNamespaceProcesses(m[1]!);
    await run('ip', ['netns', 'delete', m[1]!]).catch(() => undefined);
    removed.push(`netns ${m[1]}`);
  }
  const linkRe = new RegExp(`^\\d+: (${NAME_PREFIX}(\\d+)t\\d+)[:@]`);
  for (const line of (await run('ip', ['-o', 'link', 'show'])).split('\n')) {
    const m = linkRe.exec(line);
    if (!m || pidAlive(Number(m[2]))) continue;
    await run('ip', ['link', 'delete', m[1]!]).catch(() => undefined);
    removed.push(`link ${m[1]}`);
  }
  return removed;
}

async function killNamespaceProcesses(ns: string): Promise<void> {
  const pids = (await run('ip', ['netns', 'pids', ns]).catch(() => ''))
    .split(/\s+/)
    .filter(Boolean)
    .map(Number);
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  // Wait (briefly) until they are gone, so that the namespace can go too.
  for (let i = 0; i < 50 && pids.some((p) => existsSync(`/proc/${p}`)); i++) await sleep(20);
}

/** Every bench namespace and TAP that exists now (for tests: nothing may be left). */
export async function listBenchResources(pid?: number): Promise<string[]> {
  const tag = pid === undefined ? `${NAME_PREFIX}\\d+` : `${NAME_PREFIX}${pid}`;
  const out: string[] = [];
  for (const line of (await run('ip', ['netns', 'list'])).split('\n')) {
    const m = new RegExp(`^(${tag}-s\\d+)\\b`).exec(line.trim());
    if (m) out.push(`netns ${m[1]}`);
  }
  for (const line of (await run('ip', ['-o', 'link', 'show'])).split('\n')) {
    const m = new RegExp(`^\\d+: (${tag}t\\d+)[:@]`).exec(line);
    if (m) out.push(`link ${m[1]}`);
  }
  return out;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

async function chooseSubnet(pid: number): Promise<string> {
  const used = (await run('ip', ['-4', '-o', 'addr', 'show'])) + (await run('ip', ['-4', 'route', 'show']));
  for (let k = 0; k < 2000; k++) {
    const n = (pid + k * 7919) % 12800;
    const subnet = `10.${200 + (n >> 8)}.${n & 255}`;
    if (!used.includes(`${subnet}.`)) return subnet;
  }
  throw new Error('no free 10.x.y.0/24 subnet for the bench');
}

export class Lan {
  readonly tag: string;
  subnet = '';
  private sw: ChildProcess | null = null;
  private replies: ((line: string) => void)[] = [];
  private commands: Promise<unknown> = Promise.resolve();
  private readonly namespaces: string[] = [];

  constructor(
    readonly servers: number,
    private readonly switchBin: string,
    private readonly seed: number,
    private readonly pid = process.pid,
  ) {
    this.tag = `${NAME_PREFIX}${pid}`;
  }

  namespace(id: number): string {
    return `${this.tag}-s${id}`;
  }
  address(id: number): string {
    return `${this.subnet}.${10 + id}`;
  }
  get hostAddress(): string {
    return `${this.subnet}.1`;
  }
  private tap(port: number): string {
    return `${this.tag}t${port}`;
  }

  async up(): Promise<void> {
    this.subnet = await chooseSubnet(this.pid);
    // The switch dies with the bench (parent-death signal, and end of its stdin), and its TAPs with it.
    const sw = spawn('setpriv', ['--pdeathsig', 'KILL', this.switchBin, `${this.tag}t`, String(this.servers + 1), String(this.seed)], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.sw = sw;
    let stderr = '';
    sw.stderr!.on('data', (d) => (stderr += d));
    const lines = createInterface({ input: sw.stdout! });
    lines.on('line', (line) => this.replies.shift()?.(line));
    const ready = await new Promise<string>((resolve) => {
      this.replies.push(resolve);
      sw.once('exit', (code) => resolve(`exit ${code}`));
    });
    if (ready !== 'ready') throw new Error(`the LAN switch did not start (${ready}): ${stderr.trim()}`);
    sw.once('exit', (code, signal) => {
      if (this.sw === sw) process.emitWarning(`the LAN switch exited (${code ?? signal}): ${stderr.trim()}`);
    });
    const root: string[] = [`addr add ${this.hostAddress}/24 dev ${this.tap(0)}`, `link set ${this.tap(0)} up`];
    for (let id = 1; id <= this.servers; id++) {
      const ns = this.namespace(id);
      await run('ip', ['netns', 'add', ns]);
      this.namespaces.push(ns);
      root.push(`link set ${this.tap(id)} netns ${ns}`);
    }
    await run('ip', ['-batch', '-'], root.join('\n') + '\n');
    for (let id = 1; id <= this.servers; id++) {
      const inside = [`addr add ${this.address(id)}/24 dev ${this.tap(id)}`, `link set ${this.tap(id)} up`, 'link set lo up'];
      await run('ip', ['-n', this.namespace(id), '-batch', '-'], inside.join('\n') + '\n');
    }
  }

  /** Sets the link from server `from` to server `to` (one direction; 0 is the host). */
  link(from: number, to: number, f: LinkFault): Promise<void> {
    const loss = Math.round((f.lossPct ?? 0) * 10_000);
    const delay = Math.round((f.delayMs ?? 0) * 1000);
    const jitter = Math.round((f.jitterMs ?? 0) * 1000);
    return this.command(`link ${from} ${to} ${f.cut ? 1 : 0} ${loss} ${delay} ${jitter}`);
  }

  /** Both directions between every server of `a` and every server of `b`. */
  async between(a: number[], b: number[], f: LinkFault): Promise<void> {
    for (const x of a) {
      for (const y of b) {
        if (x === y) continue;
        await this.link(x, y, f);
        await this.link(y, x, f);
      }
    }
  }

  heal(): Promise<void> {
    return this.command('heal');
  }

  async stats(): Promise<{ forwarded: number; dropped: number; delayed: number }> {
    const [, f, d, q] = (await this.commandReply('stats')).split(' ');
    return { forwarded: Number(f), dropped: Number(d), delayed: Number(q) };
  }

  private async command(line: string): Promise<void> {
    const reply = await this.commandReply(line);
    if (reply !== 'ok') throw new Error(`LAN switch: '${line}': ${reply}`);
  }

  private commandReply(line: string): Promise<string> {
    const next = this.commands.then(
      () =>
        new Promise<string>((resolve, reject) => {
          const sw = this.sw;
          if (!sw || sw.exitCode !== null || sw.signalCode !== null) return reject(new Error('the LAN switch is not running'));
          this.replies.push(resolve);
          sw.stdin!.write(line + '\n');
        }),
    );
    this.commands = next.catch(() => undefined);
    return next;
  }

  /** Kills whatever still runs in the namespaces, deletes them, and ends the switch (its TAPs go with it). */
  async down(): Promise<void> {
    for (const ns of this.namespaces.splice(0)) {
      await killNamespaceProcesses(ns);
      await run('ip', ['netns', 'delete', ns]).catch(() => undefined);
    }
    const sw = this.sw;
    this.sw = null;
    if (sw && sw.exitCode === null && sw.signalCode === null) {
      const gone = new Promise((r) => sw.once('exit', r));
      sw.stdin!.end();
      const t = setTimeout(() => sw.kill('SIGKILL'), 2000);
      await gone;
      clearTimeout(t);
    }
    // A TAP that somehow outlived its switch.
    for (let p = 0; p <= this.servers; p++) await run('ip', ['link', 'delete', this.tap(p)]).catch(() => undefined);
  }
}
