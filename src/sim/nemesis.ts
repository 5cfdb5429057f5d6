/**
 * The fault injector, driven by its own seeded generator. Each run first draws a "swarm"
 * profile (which faults are enabled and how bad the links get, as TigerBeetle's VOPR does), so
 * that across seeds we see runs dominated by partitions, by crashes, by loss, or by everything.
 */
import type { Rng } from '../base/clock.js';
import type { LinkQuality, Sid } from './network.js';

/** Restarts never come sooner than this after a crash; link delays stay below it. */
export const MIN_DOWNTIME_MS = 1000;
const MAX_DELAY_MS = 900;

export type FaultKind = 'crash' | 'restart' | 'partition' | 'isolate' | 'one-way' | 'heal' | 'links';

export interface SwarmProfile {
  enabled: FaultKind[];
  qualities: LinkQuality[];
}

export type Action =
  | { kind: 'crash'; sid: Sid }
  | { kind: 'restart'; sid: Sid }
  | { kind: 'partition'; groups: Sid[][] }
  | { kind: 'one-way'; from: Sid; to: Sid }
  | { kind: 'heal' }
  | { kind: 'links'; quality: LinkQuality };

/** What the nemesis may look at when choosing. */
export interface ClusterView {
  sids: readonly Sid[];
  isUp(sid: Sid): boolean;
  downSinceMs(sid: Sid): number;
  nowMs: number;
}

export function drawProfile(rng: Rng): SwarmProfile {
  const all: FaultKind[] = ['crash', 'restart', 'partition', 'isolate', 'one-way', 'heal', 'links'];
  let enabled = all.filter(() => rng.next() < 0.7);
  if (!enabled.includes('restart') && enabled.includes('crash')) enabled.push('restart');
  if (enabled.length === 0) enabled = ['links'];
  const pick = <T>(xs: readonly T[]): T => xs[rng.int(xs.length)]!;
  const qualities: LinkQuality[] = [];
  for (let i = 0; i < 3; i++) {
    qualities.push({
      lossRate: pick([0, 0.02, 0.1, 0.3, 0.6]),
      duplicateRate: pick([0, 0.05, 0.2]),
      garbleRate: pick([0, 0.01, 0.05]),
      delayMinMs: 1,
      delayMaxMs: pick([5, 50, 200, MAX_DELAY_MS]),
    });
  }
  return { enabled, qualities };
}

export class Nemesis {
  constructor(
    private readonly rng: Rng,
    readonly profile: SwarmProfile,
  ) {}

  /** One action, or null if the chosen fault has nothing to act on right now. */
  next(view: ClusterView): Action | null {
    const kind = this.profile.enabled[this.rng.int(this.profile.enabled.length)]!;
    const up = view.sids.filter((s) => view.isUp(s));
    const restartable = view.sids.filter((s) => !view.isUp(s) && view.nowMs - view.downSinceMs(s) >= MIN_DOWNTIME_MS);
    switch (kind) {
      case 'crash':
        return up.length === 0 ? null : { kind: 'crash', sid: this.pick(up) };
      case 'restart':
        return restartable.length === 0 ? null : { kind: 'restart', sid: this.pick(restartable) };
      case 'partition': {
        const shuffled = this.shuffle(view.sids);
        const cut = 1 + this.rng.int(shuffled.length - 1);
        return { kind: 'partition', groups: [shuffled.slice(0, cut), shuffled.slice(cut)] };
      }
      case 'isolate': {
        const sid = this.pick(view.sids);
        return { kind: 'partition', groups: [[sid], view.sids.filter((s) => s !== sid)] };
      }
      case 'one-way': {
        const [from, to] = this.shuffle(view.sids);
        return { kind: 'one-way', from: from!, to: to! };
      }
      case 'heal':
        return { kind: 'heal' };
      case 'links':
        return { kind: 'links', quality: this.pick(this.profile.qualities) };
    }
  }

  /** Servers to leave down for the liveness phase: at most as many voters as a quorum spares. */
  keepDown(voters: readonly Sid[], spare: number): Sid[] {
    return this.shuffle(voters).slice(0, this.rng.int(spare + 1));
  }

  private pick<T>(xs: readonly T[]): T {
    return xs[this.rng.int(xs.length)]!;
  }

  private shuffle<T>(xs: readonly T[]): T[] {
    const out = [...xs];
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.rng.int(i + 1);
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }
}

/** The links of the liveness phase: no loss, but still duplication and reordering. */
export const CALM_LINKS: Readonly<LinkQuality> = { lossRate: 0, duplicateRate: 0.05, garbleRate: 0, delayMinMs: 1, delayMaxMs: 50 };

/** The links of the cold start: no faults at all, delays well under the finalize wait. */
export const COLD_START_LINKS: Readonly<LinkQuality> = { lossRate: 0, duplicateRate: 0, garbleRate: 0, delayMinMs: 1, delayMaxMs: 50 };
