/**
 * Virtual time. Nothing in a simulated run reads a real clock: time moves only when the next
 * event is taken from the queue, so an hour of election back-offs costs milliseconds.
 */
import { EventQueue } from './event-queue.js';

export class World {
  private queue = new EventQueue();
  private time = 0;
  private steps = 0;

  get nowMs(): number {
    return this.time;
  }

  get eventsRun(): number {
    return this.steps;
  }

  at(atMs: number, run: () => void): void {
    this.queue.push(Math.max(atMs, this.time), run);
  }

  after(delayMs: number, run: () => void): void {
    this.at(this.time + delayMs, run);
  }

  /** Runs events up to and including `untilMs`, then sets the clock there. */
  runUntil(untilMs: number): void {
    for (;;) {
      const next = this.queue.peekTime();
      if (next === null || next > untilMs) break;
      const e = this.queue.pop()!;
      this.time = e.atMs;
      this.steps++;
      e.run();
    }
    this.time = Math.max(this.time, untilMs);
  }
}
