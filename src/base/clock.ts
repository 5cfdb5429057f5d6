/**
 * Time and randomness. A runtime reads a `Clock` to stamp each input it hands a core; the core
 * sees only the stamp (`InputTime`), so a recorded run replays with the same times. Randomness
 * is an injected `Rng`, seeded in the simulator and in a replay.
 */
export interface Clock {
  /** Monotonic milliseconds, for timeouts. */
  nowMs(): number;
  /** Wall-clock milliseconds since the Unix epoch, for ctime/mtime and session id seeds. */
  wallMs(): number;
}

/** When an input arrived: the only time a core knows while it handles that input. */
export interface InputTime {
  /** Monotonic milliseconds, for timeouts. */
  readonly nowMs: number;
  /** Wall-clock milliseconds since the Unix epoch, for txn times (ctime/mtime) and session ids. */
  readonly wallMs: number;
}

/** Reads the clock once, as the stamp of an input arriving now. */
export function stampNow(clock: Clock): InputTime {
  return { nowMs: clock.nowMs(), wallMs: clock.wallMs() };
}

export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  /** n pseudo-random bytes. */
  bytes(n: number): Uint8Array;
}

/** xoshiro128** seeded through splitmix32: small, fast and fully reproducible from one seed. */
export class SeededRng implements Rng {
  private s: Uint32Array;

  constructor(seed: number) {
    this.s = new Uint32Array(4);
    let x = seed >>> 0;
    for (let i = 0; i < 4; i++) {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      this.s[i] = (z ^ (z >>> 16)) >>> 0;
    }
    if (this.s.every((v) => v === 0)) this.s[0] = 1;
  }

  private nextU32(): number {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1]!, 5) >>> 0, 7), 9) >>> 0;
    const t = (s[1]! << 9) >>> 0;
    s[2]! ^= s[0]!;
    s[3]! ^= s[1]!;
    s[1]! ^= s[2]!;
    s[0]! ^= s[3]!;
    s[2]! ^= t;
    s[3] = rotl(s[3]!, 11);
    return result;
  }

  next(): number {
    return this.nextU32() / 0x100000000;
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.nextU32() & 0xff;
    return out;
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
