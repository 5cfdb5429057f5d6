/**
 * The fault schedule, derived from the seed alone, so that a run can be repeated and the two
 * targets (zk-ts, Apache ZooKeeper) meet the same faults at the same moments. Roles ("the
 * leader", "a follower") are resolved when a fault starts, by asking the servers; every other
 * choice is made here.
 *
 * Layout: a quiet warm-up, then one fault at a time with a healthy gap after each; first every
 * enabled kind once (in a seeded order, squeezed to fit a short run), then kinds at random
 * until the end. Everything is healed before the end checks.
 */
import { SeededRng } from '../base/clock.js';

export const NEMESIS_KINDS = ['kill', 'pause', 'partition', 'delay', 'disk'] as const;
export type NemesisKind = (typeof NEMESIS_KINDS)[number];

export type Role = 'leader' | 'follower';

export type FaultSpec =
  | { kind: 'kill'; target: Role }
  | { kind: 'pause'; target: Role }
  /**
   * isolate: the target alone on one side. halves: a random split into a majority and a minority
   * (`pick` seeds it). bridge: two sides that cannot talk, and one server that talks to both.
   */
  | { kind: 'partition'; shape: 'isolate'; target: Role }
  | { kind: 'partition'; shape: 'halves' | 'bridge'; pick: number }
  /** On every server link (target 'all') or on the links of one server. */
  | { kind: 'delay'; target: Role | 'all'; delayMs: number; jitterMs: number; lossPct: number }
  | { kind: 'disk'; target: Role; mode: 'slow'; fsyncDelayMs: number }
  | { kind: 'disk'; target: Role; mode: 'eio' | 'enospc' };

export interface ScheduledFault {
  index: number;
  /** Start, in ms after the workload starts. */
  atMs: number;
  durationMs: number;
  spec: FaultSpec;
  /** Seeds the choices made when the fault starts (which follower, which side). */
  seed: number;
}

export interface ScheduleOptions {
  seed: number;
  durationMs: number;
  kinds: readonly NemesisKind[];
  servers: number;
}

export const WARMUP_MS = 2000;
const TAIL_MS = 1000;

export function makeSchedule(o: ScheduleOptions): ScheduledFault[] {
  const rng = new SeededRng(o.seed ^ 0x5eed_c4a0);
  const kinds = o.kinds.filter((k) => k !== 'partition' || o.servers >= 3);
  const faults: ScheduledFault[] = [];
  if (kinds.length === 0) return faults;
  const end = o.durationMs - TAIL_MS;
  let t = WARMUP_MS;
  // Round one: every kind once, in a seeded order, each in a slot that fits the run.
  const first = shuffle(rng, [...kinds]);
  const firstSlot = Math.min(7000, Math.max(1500, (end - WARMUP_MS) / first.length));
  for (const kind of first) {
    if (t + firstSlot > end + 1) break;
    const duration = Math.round(firstSlot * (0.55 + 0.2 * rng.next()));
    faults.push({ index: faults.length, atMs: Math.round(t), durationMs: duration, spec: makeSpec(rng, kind), seed: rng.int(2 ** 31) });
    t += firstSlot;
  }
  // Then kinds at random, slots of 3.5..7 s.
  for (;;) {
    const slot = 3500 + rng.int(3500);
    if (t + slot > end) break;
    const kind = kinds[rng.int(kinds.length)];
    const duration = Math.round(slot * (0.5 + 0.25 * rng.next()));
    faults.push({ index: faults.length, atMs: Math.round(t), durationMs: duration, spec: makeSpec(rng, kind!), seed: rng.int(2 ** 31) });
    t += slot;
  }
  return faults;
}

function role(rng: SeededRng): Role {
  return rng.int(2) === 0 ? 'leader' : 'follower';
}

function makeSpec(rng: SeededRng, kind: NemesisKind): FaultSpec {
  switch (kind) {
    case 'kill':
      return { kind, target: role(rng) };
    case 'pause':
      return { kind, target: role(rng) };
    case 'partition': {
      const r = rng.int(4);
      if (r < 2) return { kind, shape: 'isolate', target: r === 0 ? 'leader' : 'follower' };
      return { kind, shape: r === 2 ? 'halves' : 'bridge', pick: rng.int(2 ** 31) };
    }
    case 'delay': {
      const delayMs = 20 + rng.int(130);
      return {
        kind,
        target: rng.int(3) === 0 ? role(rng) : 'all',
        delayMs,
        jitterMs: Math.round(delayMs * rng.next() * 0.6),
        lossPct: rng.int(3) === 0 ? 0 : 1 + rng.int(10),
      };
    }
    case 'disk': {
      const r = rng.int(3);
      if (r === 0) return { kind, target: role(rng), mode: 'slow', fsyncDelayMs: 50 + rng.int(400) };
      return { kind, target: role(rng), mode: r === 1 ? 'eio' : 'enospc' };
    }
  }
}

function shuffle<T>(rng: SeededRng, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

export function describeSpec(s: FaultSpec): string {
  switch (s.kind) {
    case 'kill':
      return `SIGKILL the ${s.target}, restart after`;
    case 'pause':
      return `SIGSTOP the ${s.target}, SIGCONT after`;
    case 'partition':
      return s.shape === 'isolate' ? `partition: isolate the ${s.target}` : s.shape === 'halves' ? 'partition: majority | minority' : 'partition: bridge (one server sees both sides)';
    case 'delay':
      return `delay ${s.delayMs}±${s.jitterMs} ms, loss ${s.lossPct}% on ${s.target === 'all' ? 'every server link' : `the ${s.target}'s links`}`;
    case 'disk':
      return s.mode === 'slow' ? `slow disk (fsync +${s.fsyncDelayMs} ms) on the ${s.target}` : `failing disk (${s.mode === 'eio' ? 'EIO' : 'ENOSPC'}) on the ${s.target}`;
  }
}
