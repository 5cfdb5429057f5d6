import type { Clock, Rng } from '../base/clock.js';
export declare const systemClock: Clock;
/** Cryptographic randomness for passwords and incarnations in production. */
export declare const systemRng: Rng;
