import { formatVote } from './vote.js';
/** Collects a core's effects during one input; the facade drains it after each call. */
export class CoreOutput {
    effects = [];
    send(to, message) {
        this.effects.push({ kind: 'send', to, message });
    }
    decided(decision) {
        this.effects.push({ kind: 'decided', decision });
    }
    log(level, event, fields = {}) {
        this.effects.push({ kind: 'log', level, event, fields });
    }
    drain() {
        const out = this.effects;
        this.effects = [];
        return out;
    }
}
/** Builds a decision, logs it once and emits it: the same for both algorithms. */
export function announceDecision(out, decision) {
    out.log('info', 'election.decided', {
        state: decision.state,
        leader: decision.leader,
        vote: formatVote(decision.vote),
        via: decision.via,
        round: decision.round,
        elapsedMs: decision.elapsedMs,
        support: decision.support.map((s) => s.sid).join(','),
    });
    out.decided(decision);
}
//# sourceMappingURL=core.js.map