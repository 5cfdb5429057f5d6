/**
 * The time of the input being handled, shared read-only with the parts a core composes (the
 * replica, the Zab cores). Only the owning core's `step` moves it.
 */
export class StepTime {
    nowMs;
    wallMs;
    constructor(start) {
        this.nowMs = start.nowMs;
        this.wallMs = start.wallMs;
    }
    set(t) {
        this.nowMs = t.nowMs;
        this.wallMs = t.wallMs;
    }
}
//# sourceMappingURL=inputs.js.map