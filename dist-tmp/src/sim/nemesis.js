/** Restarts never come sooner than this after a crash; link delays stay below it. */
export const MIN_DOWNTIME_MS = 1000;
const MAX_DELAY_MS = 900;
export function drawProfile(rng) {
    const all = ['crash', 'restart', 'partition', 'isolate', 'one-way', 'heal', 'links'];
    let enabled = all.filter(() => rng.next() < 0.7);
    if (!enabled.includes('restart') && enabled.includes('crash'))
        enabled.push('restart');
    if (enabled.length === 0)
        enabled = ['links'];
    const pick = (xs) => xs[rng.int(xs.length)];
    const qualities = [];
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
    rng;
    profile;
    constructor(rng, profile) {
        this.rng = rng;
        this.profile = profile;
    }
    /** One action, or null if the chosen fault has nothing to act on right now. */
    next(view) {
        const kind = this.profile.enabled[this.rng.int(this.profile.enabled.length)];
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
                return { kind: 'one-way', from, to };
            }
            case 'heal':
                return { kind: 'heal' };
            case 'links':
                return { kind: 'links', quality: this.pick(this.profile.qualities) };
        }
    }
    /** Servers to leave down for the liveness phase: at most as many voters as a quorum spares. */
    keepDown(voters, spare) {
        return this.shuffle(voters).slice(0, this.rng.int(spare + 1));
    }
    pick(xs) {
        return xs[this.rng.int(xs.length)];
    }
    shuffle(xs) {
        const out = [...xs];
        for (let i = out.length - 1; i > 0; i--) {
            const j = this.rng.int(i + 1);
            [out[i], out[j]] = [out[j], out[i]];
        }
        return out;
    }
}
/** The links of the liveness phase: no loss, but still duplication and reordering. */
export const CALM_LINKS = { lossRate: 0, duplicateRate: 0.05, garbleRate: 0, delayMinMs: 1, delayMaxMs: 50 };
/** The links of the cold start: no faults at all, delays well under the finalize wait. */
export const COLD_START_LINKS = { lossRate: 0, duplicateRate: 0, garbleRate: 0, delayMinMs: 1, delayMaxMs: 50 };
//# sourceMappingURL=nemesis.js.map