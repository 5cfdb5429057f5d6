/**
 * Carries out the schedule on the real cluster: resolves roles (asking the servers who leads),
 * injects each fault, heals it when its time is up, and keeps the log of what was done. A
 * server that exits on its own (a failing disk makes a quorum member stop, by design) counts
 * as crashed: it is restarted when the fault on it is healed, or at once if none is, also after
 * the fault period (a supervisor would), until the bench finishes.
 */
import { SeededRng } from '../base/clock.js';
import type { Cluster } from './cluster.js';
import type { Lan } from './network.js';
import { describeSpec, FaultSpec, Role, ScheduledFault } from './schedule.js';

export interface FaultRecord {
  index: number;
  kind: FaultSpec['kind'];
  what: string;
  /** Resolved targets, e.g. "server 2 (leader)", "{1} | {2,3}". */
  detail: string;
  startMs: number;
  endMs: number | null;
}

export interface CrashRecord {
  server: number;
  atMs: number;
  exit: string;
  /** The fault active on that server at the time, if any. */
  during: string | null;
  restartedAtMs: number | null;
  logTail: string;
}

export class Nemesis {
  readonly faults: FaultRecord[] = [];
  readonly crashes: CrashRecord[] = [];
  /** Servers whose exit should wait for a heal before restarting (disk faults). */
  private readonly holdRestart = new Set<number>();
  private active: { fault: ScheduledFault; record: FaultRecord; heal: () => Promise<void>; servers: number[] } | null = null;
  /** No more faults: everything was healed. */
  private stopped = false;
  /** No more restarts either: the bench is tearing the cluster down. */
  private finished = false;

  constructor(
    private readonly cluster: Cluster,
    private readonly lan: Lan,
    private readonly now: () => number,
    private readonly log: (line: string) => void,
  ) {}

  /** Called by the cluster when a server exits by itself. */
  onUnexpectedExit(id: number, code: number | null, signal: string | null): void {
    const during = this.active && this.active.servers.includes(id) ? this.active.record.what : null;
    const rec: CrashRecord = {
      server: id,
      atMs: this.now(),
      exit: signal ? `signal ${signal}` : `exit code ${code}`,
      during,
      restartedAtMs: null,
      logTail: this.cluster.logTail(id, 15),
    };
    this.crashes.push(rec);
    this.log(`server ${id} exited by itself (${rec.exit})${during ? ` during "${during}"` : ''}`);
    // Also after healAll: a server may exit by itself during the recovery (e.g. a storage
    // failure detected late), and the end checks need it back.
    if (this.finished || this.holdRestart.has(id)) return;
    setTimeout(() => this.restartCrashed(id), 1000);
  }

  /** Called before the teardown: servers that exit from now on stay down. */
  finish(): void {
    this.finished = true;
  }

  private restartCrashed(id: number): void {
    if (this.finished || this.holdRestart.has(id) || this.cluster.isRunning(id)) return;
    this.cluster.start(id);
    const rec = [...this.crashes].reverse().find((c) => c.server === id && c.restartedAtMs === null);
    if (rec) rec.restartedAtMs = this.now();
  }

  async run(schedule: readonly ScheduledFault[], endMs: number): Promise<void> {
    for (const f of schedule) {
      if (this.stopped) return;
      await this.sleepUntil(f.atMs);
      if (this.stopped || f.atMs >= endMs) return;
      try {
        await this.inject(f);
      } catch (e) {
        this.log(`fault #${f.index} could not be injected: ${(e as Error).message}`);
        continue;
      }
      await this.sleepUntil(Math.min(f.atMs + f.durationMs, endMs));
      await this.healActive();
    }
  }

  /** Heals the active fault and anything else: every link, every disk, every paused or dead server. */
  async healAll(): Promise<void> {
    await this.healActive();
    this.stopped = true;
    await this.lan.heal();
    for (const s of this.cluster.servers) {
      this.cluster.disk(s.id, '-');
      if (s.paused) this.cluster.resume(s.id);
      if (!this.cluster.isRunning(s.id)) {
        this.cluster.start(s.id);
        const rec = [...this.crashes].reverse().find((c) => c.server === s.id && c.restartedAtMs === null);
        if (rec) rec.restartedAtMs = this.now();
      }
    }
  }

  private async healActive(): Promise<void> {
    const a = this.active;
    if (!a) return;
    this.active = null;
    await a.heal();
    a.record.endMs = this.now();
    this.log(`healed: ${a.record.what}`);
  }

  private async sleepUntil(ms: number): Promise<void> {
    while (!this.stopped) {
      const left = ms - this.now();
      if (left <= 0) return;
      await new Promise((r) => setTimeout(r, Math.min(left, 200)));
    }
  }

  /** The server in `role` now: the leader (if one), else a follower chosen by the fault's seed. */
  private async resolve(role: Role, rng: SeededRng): Promise<{ id: number; label: string }> {
    const leader = await this.cluster.leader();
    const ids = this.cluster.servers.map((s) => s.id);
    if (role === 'leader') {
      if (leader !== null) return { id: leader, label: `server ${leader} (leader)` };
      const id = ids[rng.int(ids.length)];
      return { id: id!, label: `server ${id} (no leader: chosen at random)` };
    }
    const others = ids.filter((id) => id !== leader);
    const id = others[rng.int(others.length)];
    return { id: id!, label: `server ${id} (${leader === null ? 'no leader' : 'follower'})` };
  }

  private async inject(f: ScheduledFault): Promise<void> {
    const spec = f.spec;
    const rng = new SeededRng(f.seed);
    const record: FaultRecord = { index: f.index, kind: spec.kind, what: describeSpec(spec), detail: '', startMs: this.now(), endMs: null };
    const ids = this.cluster.servers.map((s) => s.id);
    let heal: () => Promise<void> = async () => {};
    let servers: number[] = [];
    switch (spec.kind) {
      case 'kill': {
        const t = await this.resolve(spec.target, rng);
        servers = [t.id];
        record.detail = t.label;
        await this.cluster.kill(t.id);
        heal = async () => {
          if (!this.cluster.isRunning(t.id)) this.cluster.start(t.id);
        };
        break;
      }
      case 'pause': {
        const t = await this.resolve(spec.target, rng);
        servers = [t.id];
        record.detail = t.label;
        this.cluster.pause(t.id);
        heal = async () => this.cluster.resume(t.id);
        break;
      }
      case 'partition': {
        let sides: number[][];
        let bridge: number | null = null;
        if (spec.shape === 'isolate') {
          const t = await this.resolve(spec.target, rng);
          sides = [[t.id], ids.filter((id) => id !== t.id)];
          record.detail = `${t.label} alone: `;
        } else {
          const pr = new SeededRng(spec.pick);
          const shuffled = [...ids];
          for (let i = shuffled.length - 1; i > 0; i--) {
            const j = pr.int(i + 1);
            [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
          }
          if (spec.shape === 'bridge') {
            bridge = shuffled.pop()!;
          }
          const half = spec.shape === 'bridge' ? Math.ceil(shuffled.length / 2) : Math.floor(ids.length / 2);
          sides = [shuffled.slice(0, half), shuffled.slice(half)];
        }
        const show = (s: number[]) => `{${[...s].sort((a, b) => a - b).join(',')}}`;
        record.detail += `${show(sides[0]!)} | ${show(sides[1]!)}${bridge !== null ? ` with server ${bridge} seeing both` : ''}`;
        await this.lan.between(sides[0]!, sides[1]!, { cut: true });
        servers = ids;
        heal = () => this.lan.heal();
        break;
      }
      case 'delay': {
        const link = { delayMs: spec.delayMs, jitterMs: spec.jitterMs, lossPct: spec.lossPct };
        if (spec.target === 'all') {
          await this.lan.between(ids, ids, link);
          record.detail = 'all server links';
        } else {
          const t = await this.resolve(spec.target, rng);
          await this.lan.between([t.id], ids, link);
          record.detail = `links of ${t.label}`;
        }
        servers = ids;
        heal = () => this.lan.heal();
        break;
      }
      case 'disk': {
        const t = await this.resolve(spec.target, rng);
        servers = [t.id];
        record.detail = t.label;
        this.holdRestart.add(t.id);
        this.cluster.disk(t.id, spec.mode === 'slow' ? `S ${spec.fsyncDelayMs * 1000}` : spec.mode === 'eio' ? 'E' : 'N');
        heal = async () => {
          this.cluster.disk(t.id, '-');
          this.holdRestart.delete(t.id);
          if (!this.cluster.isRunning(t.id)) this.restartCrashed(t.id);
        };
        break;
      }
    }
    this.active = { fault: f, record, heal, servers };
    this.faults.push(record);
    this.log(`fault #${f.index}: ${record.what} — ${record.detail}`);
  }
}
