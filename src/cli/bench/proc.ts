/**
 * What the bench reads about server processes from Linux: resident memory (VmRSS), bytes
 * written to storage (/proc/<pid>/io write_bytes), disk use of a data directory, which process
 * listens on a port (so that a bare connect string still gets its servers' RSS), and, when
 * strace is installed, how many fsync/fdatasync calls a process makes in a window.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync, lstatSync } from 'node:fs';
import { join } from 'node:path';

/** Resident set size in MiB, or null when the process is gone (or not readable). */
export function rssMb(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/**
 * CPU time the process (all its threads: lmdb's writer too) has used so far, user plus system,
 * in ms; null when the process is gone. From /proc/<pid>/stat, in clock ticks of 10 ms
 * (USER_HZ is 100 on Linux).
 */
export function cpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces), from field 3 on: utime is field 14, stime 15.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(f[11]) + Number(f[12]);
    return Number.isFinite(ticks) ? ticks * 10 : null;
  } catch {
    return null;
  }
}

/**
 * Resident memory split into anonymous pages (the heap: objects) and file pages (mapped files,
 * e.g. LMDB's memory-mapped data file: page cache, shared and reclaimable), in MiB.
 */
export function rssParts(pid: number): { anonMb: number; fileMb: number } | null {
  try {
    const text = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+) kB`).exec(text)?.[1] ?? NaN);
    return { anonMb: kb('RssAnon') / 1024, fileMb: (kb('RssFile') + kb('RssShmem')) / 1024 };
  } catch {
    return null;
  }
}

/**
 * Bytes the process (all its threads) caused to be written to storage so far: counted when a
 * page is dirtied, so it follows the writes themselves, not the kernel's writeback.
 */
export function writeBytes(pid: number): number | null {
  try {
    const m = /^write_bytes:\s+(\d+)$/m.exec(readFileSync(`/proc/${pid}/io`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/** Space a directory tree takes on disk (allocated blocks) and its files' apparent size, in bytes. */
export function diskUsage(dir: string): { allocated: number; apparent: number } {
  let allocated = 0;
  let apparent = 0;
  const walk = (d: string): void => {
    let names: string[];
    try {
      names = readdirSync(d);
    } catch {
      return;
    }
    for (const name of names) {
      const p = join(d, name);
      let st;
      try {
        st = lstatSync(p);
      } catch {
        continue;
      }
      if (st.isDirectory()) walk(p);
      else if (st.isFile()) {
        allocated += st.blocks * 512;
        apparent += st.size;
      }
    }
  };
  walk(dir);
  return { allocated, apparent };
}

/** Socket inodes listening on `port` (IPv4 and IPv6 tables; Java listens through tcp6). */
function listeningInodes(port: number): Set<string> {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 10 || f[3] !== '0A') continue; // 0A: LISTEN
      const local = f[1]!;
      if (parseInt(local.slice(local.lastIndexOf(':') + 1), 16) === port) inodes.add(f[9]!);
    }
  }
  return inodes;
}

/**
 * The process listening on each TCP port (null where none is found or /proc cannot tell, e.g.
 * a server of another user or on another machine).
 */
export function pidsListeningOn(ports: readonly number[]): (number | null)[] {
  const wanted = new Map<string, number>();
  ports.forEach((port, i) => {
    for (const inode of listeningInodes(port)) wanted.set(`socket:[${inode}]`, i);
  });
  const found: (number | null)[] = ports.map(() => null);
  if (wanted.size === 0) return found;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      let link: string;
      try {
        link = readlinkSync(`/proc/${entry}/fd/${fd}`);
      } catch {
        continue;
      }
      const i = wanted.get(link);
      if (i !== undefined && found[i] === null) found[i] = Number(entry);
    }
  }
  return found;
}

let straceChecked: boolean | null = null;

export function straceAvailable(): boolean {
  if (straceChecked === null) straceChecked = spawnSync('strace', ['-V'], { stdio: 'ignore' }).status === 0;
  return straceChecked;
}

/** Calls of each syscall in `strace -c` summary text. */
export function parseStraceSummary(text: string): Map<string, number> {
  const calls = new Map<string, number>();
  for (const line of text.split('\n')) {
    // % time     seconds  usecs/call     calls    errors syscall
    const m = /^\s*[\d.]+\s+[\d.]+\s+\d+\s+(\d+)\s+(?:\d+\s+)?([a-z_0-9]+)\s*$/.exec(line);
    if (m && m[2] !== 'total') calls.set(m[2]!, (calls.get(m[2]!) ?? 0) + Number(m[1]));
  }
  return calls;
}

/**
 * Counts the given syscalls of a process (all threads) during `ms` milliseconds with
 * `strace -c -f`. Resolves with null when strace is missing or cannot attach. strace slows
 * the traced process, so use this only in windows where speed is not being measured.
 */
export function countSyscalls(pid: number, syscalls: readonly string[], ms: number): Promise<Map<string, number> | null> {
  if (!straceAvailable()) return Promise.resolve(null);
  return new Promise((resolve) => {
    const child = spawn('strace', ['-c', '-f', '-e', `trace=${syscalls.join(',')}`, '-p', String(pid)], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr!.on('data', (d) => (err += d));
    child.on('error', () => resolve(null));
    // The window starts once strace has attached (attaching to a JVM's threads takes a while).
    let timer: NodeJS.Timeout | null = null;
    const startWindow = () => {
      if (!timer) timer = setTimeout(() => child.kill('SIGINT'), ms);
    };
    const fallback = setTimeout(startWindow, 2000);
    child.stderr!.on('data', () => {
      if (/attached/.test(err)) startWindow();
    });
    child.on('exit', () => {
      clearTimeout(fallback);
      if (timer) clearTimeout(timer);
      if (/attach: ptrace|Operation not permitted/.test(err)) return resolve(null);
      const calls = parseStraceSummary(err);
      for (const s of syscalls) if (!calls.has(s)) calls.set(s, 0);
      resolve(calls);
    });
  });
}
