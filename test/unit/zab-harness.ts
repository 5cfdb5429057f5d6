/** Driving the Zab cores by hand, as the quorum peer does (docs/architecture.md, "The core shape"). */
import { LeaderCore } from '../../src/zab/leader.js';
import type { LearnerCore } from '../../src/zab/learner.js';
import type { LeaderEffect, LearnerEffect } from '../../src/zab/types.js';

/**
 * The effects of the turn so far, read as the peer reads them at the end of a turn: the `flush`
 * input (the turn's proposals become one persist), then `drain`, which only reads them out.
 */
export function endTurn(core: LeaderCore, nowMs: number): LeaderEffect[];
export function endTurn(core: LearnerCore, nowMs: number): LearnerEffect[];
export function endTurn(core: LeaderCore | LearnerCore, nowMs: number): (LeaderEffect | LearnerEffect)[] {
  if (core instanceof LeaderCore) {
    core.step({ kind: 'flush', nowMs });
    return core.drain();
  }
  core.step({ kind: 'flush', nowMs });
  return core.drain();
}
