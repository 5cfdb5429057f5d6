/**
 * `npm start`: the local three-server ensemble from conf/ensemble/ (data in data/1..3). Each
 * server's log goes to data/N/zk-server.log; this prints a table of the servers (id, role,
 * client port, dashboard) once a leader is elected, follows role changes, and stops all three on
 * Ctrl-C.
 */
import { spawn, ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const ids = [1, 2, 3];

interface Member {
  id: number;
  clientPort: string;
  /** The AdminServer's dashboard, when the config enables it. */
  dashboard: string;
  role: string;
  serving: boolean;
  child: ChildProcess;
}

function clientPortOf(cfg: string): string {
  const m = /^clientPort\s*=\s*(\d+)/m.exec(readFileSync(cfg, 'utf8'));
  return m ? m[1]! : '?';
}

function dashboardOf(cfg: string): string {
  const text = readFileSync(cfg, 'utf8');
  if (!/^admin\.enableServer\s*=\s*true\s*$/m.test(text)) return '-';
  const port = /^admin\.serverPort\s*=\s*(\d+)/m.exec(text)?.[1] ?? '8080';
  return `http://127.0.0.1:${port}/`;
}

function printTable(members: Member[]): void {
  const rows = members.map((m) => [String(m.id), m.role + (m.role !== 'down' && !m.serving ? ' (not serving)' : ''), `127.0.0.1:${m.clientPort}`, m.dashboard]);
  const header = ['id', 'role', 'client port', 'dashboard'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  process.stdout.write(`\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${rows.map(line).join('\n')}\n`);
}

const members: Member[] = ids.map((id) => {
  const cfg = join(root, 'conf', 'ensemble', `zoo${id}.cfg`);
  const log = createWriteStream(join(root, 'data', String(id), 'zk-server.log'), { flags: 'a' });
  const child = spawn(process.execPath, [join(root, 'bin', 'zk-server'), '--config', cfg], { stdio: ['ignore', 'pipe', 'pipe'] });
  const member: Member = { id, clientPort: clientPortOf(cfg), dashboard: dashboardOf(cfg), role: 'starting', serving: false, child };
  let partial = '';
  child.stdout!.on('data', (d: Buffer) => {
    log.write(d);
    partial += d.toString();
    const lines = partial.split('\n');
    partial = lines.pop()!;
    for (const l of lines) onLine(member, l);
  });
  child.stderr!.on('data', (d: Buffer) => {
    log.write(d);
    process.stderr.write(`[server ${id}] ${d}`);
  });
  child.on('exit', (code, signal) => {
    member.role = 'down';
    member.serving = false;
    process.stdout.write(`server ${id} exited (${signal ?? code}); its log is data/${id}/zk-server.log\n`);
    if (!stopping) printTable(members);
  });
  return member;
});

let announced = false;
let pending: NodeJS.Timeout | null = null;
function onLine(m: Member, line: string): void {
  const role = /role: (\w+)/.exec(line);
  if (!role) return;
  m.role = role[1]!;
  m.serving = line.includes('serving clients');
  // Roles change in bursts (an election, then syncs): print once the burst is over.
  if (pending) clearTimeout(pending);
  pending = setTimeout(() => {
    pending = null;
    if (!members.some((x) => x.role === 'leading' && x.serving)) return;
    if (!announced) process.stdout.write(`ensemble up: connect with 127.0.0.1:${members.map((x) => x.clientPort).join(',127.0.0.1:')}\n`);
    announced = true;
    printTable(members);
  }, 300);
}

let stopping = false;
function stopAll(signal: NodeJS.Signals): void {
  if (stopping) return;
  stopping = true;
  process.stdout.write(`\nstopping the ensemble (${signal})\n`);
  for (const m of members) if (m.child.exitCode === null) m.child.kill('SIGTERM');
  const done = () => members.every((m) => m.child.exitCode !== null || m.child.signalCode !== null);
  const timer = setInterval(() => {
    if (done()) {
      clearInterval(timer);
      process.exit(0);
    }
  }, 50);
  setTimeout(() => {
    for (const m of members) m.child.kill('SIGKILL');
    process.exit(0);
  }, 5000).unref();
}

process.stdout.write(`starting servers ${ids.join(', ')} from conf/ensemble/ (logs in data/N/zk-server.log); Ctrl-C stops them\n`);
process.on('SIGINT', () => stopAll('SIGINT'));
process.on('SIGTERM', () => stopAll('SIGTERM'));
