/** Reads the clock once, as the stamp of an input arriving now. */
export function stampNow(clock) {
    return { nowMs: clock.nowMs(), wallMs: clock.wallMs() };
}
/** xoshiro128** seeded through splitmix32: small, fast and fully reproducible from one seed. */
export class SeededRng {
    s;
    constructor(seed) {
        this.s = new Uint32Array(4);
        let x = seed >>> 0;
        for (let i = 0; i < 4; i++) {
            x = (x + 0x9e3779b9) >>> 0;
            let z = x;
            z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
            z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
            this.s[i] = (z ^ (z >>> 16)) >>> 0;
        }
        if (this.s.every((v) => v === 0))
            this.s[0] = 1;
    }
    nextU32() {
        const s = this.s;
        const result = Math.imul(rotl(Math.imul(s[1], 5) >>> 0, 7), 9) >>> 0;
        const t = (s[1] << 9) >>> 0;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = rotl(s[3], 11);
        return result;
    }
    next() {
        return this.nextU32() / 0x100000000;
    }
    int(n) {
        return Math.floor(this.next() * n);
    }
    bytes(n) {
        const out = new Uint8Array(n);
        for (let i = 0; i < n; i++)
            out[i] = this.nextU32() & 0xff;
        return out;
    }
}
function rotl(x, k) {
    return ((x << k) | (x >>> (32 - k))) >>> 0;
}
//# sourceMappingURL=clock.js.map