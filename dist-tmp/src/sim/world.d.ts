export declare class World {
    private queue;
    private time;
    private steps;
    get nowMs(): number;
    get eventsRun(): number;
    at(atMs: number, run: () => void): void;
    after(delayMs: number, run: () => void): void;
    /** Runs events up to and including `untilMs`, then sets the clock there. */
    runUntil(untilMs: number): void;
}
