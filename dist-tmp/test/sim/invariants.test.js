/**
 * The simulator reports a broken invariant as a failing seed, named, instead of crashing or
 * swallowing it (docs/architecture.md, "Invariants"). A bug is planted in the learner for the
 * length of one run: at a proposal of its current epoch it advances its log end without logging
 * anything, so the next one it logs leaves a hole, which its log-contiguity assertion catches.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runZabSim } from '../../src/sim/zab-sim.js';
import { LearnerCore } from '../../src/zab/learner.js';
import { Pkt } from '../../src/wire/quorum.js';
import { epochOf } from '../../src/base/zxid.js';
test('an invariant violation inside a simulated peer fails the seed, with the invariant named', () => {
    const proto = LearnerCore.prototype;
    const receive = proto.receive;
    let planted = false;
    proto.receive = function (p) {
        // Within one epoch, so that the skipped proposal leaves a gap and not a new epoch's start.
        if (!planted && this.serving && p.type === Pkt.PROPOSAL && epochOf(this.lastLogged) === epochOf(p.txn.zxid)) {
            planted = true;
            this.lastLogged += 1n;
        }
        return receive.call(this, p);
    };
    let r;
    try {
        r = runZabSim({ seed: 11, servers: 3, algorithm: 'fast' });
    }
    finally {
        proto.receive = receive;
    }
    assert.ok(planted, 'the bug was planted');
    assert.equal(r.ok, false, 'the seed fails');
    const v = r.violations.find((x) => x.property === 'invariant learner-log-contiguous');
    assert.ok(v, `no violation names the invariant: ${r.violations.map((x) => x.property).join(', ')}`);
    assert.match(v.detail, /^InvariantViolation: invariant learner-log-contiguous violated: logging txn 0x[0-9a-f]+ after 0x[0-9a-f]+/);
    // The same seed without the bug is clean: the failure is the planted bug's.
    const clean = runZabSim({ seed: 11, servers: 3, algorithm: 'fast' });
    assert.ok(clean.ok, clean.violations.map((x) => `${x.property}: ${x.detail}`).join('\n'));
});
//# sourceMappingURL=invariants.test.js.map