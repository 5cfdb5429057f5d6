/**
 * The trace hash: 64-bit FNV-1a over every event that shapes a run (deliveries, faults,
 * decisions). Two runs of one seed must give the same hash; a different hash is a source of
 * nondeterminism (a Map iterated in insertion order that differs, a Date, a Math.random).
 * Pure arithmetic on four 16-bit limbs: no bigint in the hot path, no node:crypto.
 */
export class TraceHash {
  // 0xcbf29ce484222325, the FNV-1a 64-bit offset basis, as 16-bit limbs (low first).
  private h0 = 0x2325;
  private h1 = 0x8422;
  private h2 = 0x9ce4;
  private h3 = 0xcbf2;
  private count = 0;

  get events(): number {
    return this.count;
  }

  /** Mixes one event given as a string. */
  text(s: string): void {
    this.count++;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      this.byte(c & 0xff);
      if (c > 0xff) this.byte(c >>> 8);
    }
    this.byte(0x0a);
  }

  bytes(b: Uint8Array): void {
    for (let i = 0; i < b.length; i++) this.byte(b[i]!);
  }

  /** 16 lowercase hex digits. */
  hex(): string {
    return [this.h3, this.h2, this.h1, this.h0].map((x) => x.toString(16).padStart(4, '0')).join('');
  }

  /** h = (h ^ byte) * 0x100000001b3 mod 2^64; the prime is 2^40 + 0x1b3. */
  private byte(b: number): void {
    const h0 = this.h0 ^ b;
    const { h1, h2, h3 } = this;
    // Multiply by 0x1b3.
    let t0 = h0 * 0x1b3;
    let t1 = h1 * 0x1b3;
    let t2 = h2 * 0x1b3;
    let t3 = h3 * 0x1b3;
    // Add h << 40: limb 0 shifted by 40 bits lands at limb 2 shifted by 8 bits.
    t2 += h0 << 8;
    t3 += h1 << 8;
    t1 += t0 >>> 16;
    t2 += t1 >>> 16;
    t3 += t2 >>> 16;
    this.h0 = t0 & 0xffff;
    this.h1 = t1 & 0xffff;
    this.h2 = t2 & 0xffff;
    this.h3 = t3 & 0xffff;
  }
}

/** A 32-bit seed for a named sub-generator, so adding a consumer never shifts the others. */
export function deriveSeed(seed: number, label: string): number {
  let h = (0x811c9dc5 ^ (seed >>> 0)) >>> 0;
  h = Math.imul(h ^ (seed / 0x100000000), 0x01000193) >>> 0;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}
