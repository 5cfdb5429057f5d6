/**
 * Virtual time. Nothing in a simulated run reads a real clock: time moves only when the next
 * event is taken from the queue, so an hour of election back-offs costs milliseconds.
 */
import { EventQueue } from './event-queue.js';
export class World {
    queue = new EventQueue();
    time = 0;
    steps = 0;
    get nowMs() {
        return this.time;
    }
    get eventsRun() {
        return this.steps;
    }
    at(atMs, run) {
        this.queue.push(Math.max(atMs, this.time), run);
    }
    after(delayMs, run) {
        this.at(this.time + delayMs, run);
    }
    /** Runs events up to and including `untilMs`, then sets the clock there. */
    runUntil(untilMs) {
        for (;;) {
            const next = this.queue.peekTime();
            if (next === null || next > untilMs)
                break;
            const e = this.queue.pop();
            this.time = e.atMs;
            this.steps++;
            e.run();
        }
        this.time = Math.max(this.time, untilMs);
    }
}
//# sourceMappingURL=world.js.map