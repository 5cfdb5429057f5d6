/**
 * Driving a StandaloneCore by hand in a unit test, as the runtime does: each input stamped with a
 * clock that moves 7 ms a step, and a turn that flushes and drains until the core is quiet, with
 * storage confirming every persist at once.
 */
import type { StandaloneCore } from '../../src/peer/standalone.js';
import type { StandaloneInput } from '../../src/peer/inputs.js';
import { asConnId } from '../../src/base/ids.js';

export function standaloneSteps(core: () => StandaloneCore, time: { nowMs: number; wallMs: number }) {
  const step = (input: StandaloneInput) => {
    time.nowMs += 7;
    time.wallMs += 7;
    core().step({ ...input, ...time });
  };
  const turn = () => {
    for (;;) {
      step({ kind: 'flush' });
      const out = core().drain();
      if (out.length === 0) return;
      for (const e of out) if (e.kind === 'persist') step({ kind: 'persisted', token: e.token });
    }
  };
  /** A client connects as connection 1 and gets its session. */
  const connect = () => {
    step({ kind: 'connect', conn: asConnId(1), remoteAddress: '127.0.0.1', req: { protocolVersion: 0, lastZxidSeen: 0n, timeOut: 2000, sessionId: 0n, passwd: new Uint8Array(16), readOnly: false } });
    turn();
  };
  return { step, turn, connect };
}
