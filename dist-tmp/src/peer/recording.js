export const RECORDING_VERSION = 1;
// ---------------------------------------------------------------- encoding
function replacer(key, value) {
    const raw = this[key];
    if (typeof raw === 'bigint')
        return { $n: raw.toString() };
    if (raw instanceof Uint8Array)
        return { $b: toHex(raw) };
    if (raw instanceof Map)
        return { $m: [...raw.entries()] };
    if (raw instanceof Set)
        return { $s: [...raw.values()] };
    return value;
}
function reviver(_key, value) {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        const o = value;
        if (typeof o.$n === 'string')
            return BigInt(o.$n);
        if (typeof o.$b === 'string')
            return fromHex(o.$b);
        if (Array.isArray(o.$m))
            return new Map(o.$m);
        if (Array.isArray(o.$s))
            return new Set(o.$s);
    }
    return value;
}
/** Any value the cores take or produce, as one line of JSON. */
export function encodeValue(v) {
    return JSON.stringify(v, replacer);
}
export function decodeLine(text) {
    return JSON.parse(text, reviver);
}
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
function toHex(b) {
    let s = '';
    for (let i = 0; i < b.length; i++)
        s += HEX[b[i]];
    return s;
}
function fromHex(s) {
    const out = new Uint8Array(s.length >>> 1);
    for (let i = 0; i < out.length; i++)
        out[i] = parseInt(s.slice(2 * i, 2 * i + 2), 16);
    return out;
}
// ---------------------------------------------------------------- hashing
/**
 * A running 64-bit hash: two 32-bit FNV-1a lanes with different offset bases over the UTF-16
 * code units of the encoded values. Not cryptographic: it detects divergence, not tampering.
 */
export class RunningHash {
    a = 0x811c9dc5;
    b = 0x050c5d1f;
    add(text) {
        let a = this.a;
        let b = this.b;
        for (let i = 0; i < text.length; i++) {
            const c = text.charCodeAt(i);
            a = Math.imul(a ^ c, 0x01000193);
            b = Math.imul(b ^ c, 0x01000193) ^ (b >>> 15);
        }
        this.a = a;
        this.b = b;
        // A separator, so that ["ab", "c"] and ["a", "bc"] differ.
        this.a = Math.imul(this.a ^ 0x1e, 0x01000193);
        this.b = Math.imul(this.b ^ 0x1e, 0x01000193);
    }
    hex() {
        return (this.a >>> 0).toString(16).padStart(8, '0') + (this.b >>> 0).toString(16).padStart(8, '0');
    }
}
/** Every znode (sorted by path, with its stat, data and ACL) and every session: the state clients see. */
export function treeDigest(tree, sessions) {
    const h = new RunningHash();
    for (const path of [...tree.nodes.keys()].sort())
        h.add(path + encodeValue(tree.nodes.get(path).toRecord()));
    const ids = [...sessions.all()].map((s) => s.id).sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
    for (const id of ids) {
        const s = sessions.get(id);
        h.add(encodeValue([id, s.timeout, s.passwd]));
    }
    return h.hex();
}
export function peerState(peer, full) {
    const r = peer.replica;
    return {
        role: peer.role,
        lastApplied: r.lastApplied,
        lastLogged: peer.lastLogged,
        epochs: { ...peer.epochs },
        nodes: r.tree.nodes.size,
        sessions: r.sessions.size,
        ...(full ? { tree: treeDigest(r.tree, r.sessions) } : {}),
    };
}
export function standaloneState(core, full) {
    const r = core.replica;
    return {
        role: 'standalone',
        lastApplied: r.lastApplied,
        nodes: r.tree.nodes.size,
        sessions: r.sessions.size,
        ...(full ? { tree: treeDigest(r.tree, r.sessions) } : {}),
    };
}
export class Recorder {
    opts;
    effects = new RunningHash();
    inputs = 0;
    sinceCheck = 0;
    bytes = 0;
    stopped = false;
    /** Past the size limit: stop at the next drain. */
    full = false;
    constructor(opts) {
        this.opts = opts;
    }
    get inputCount() {
        return this.inputs;
    }
    get recording() {
        return !this.stopped;
    }
    start(line) {
        // Storage hands its znodes over as a lazily decoded iterable (docs/performance.md): the
        // recording holds them as a Map, which the encoding writes and a replay reads back.
        const nodes = line.loaded.nodes instanceof Map ? line.loaded.nodes : new Map(line.loaded.nodes);
        this.write({ t: 'start', version: RECORDING_VERSION, ...line, loaded: { ...line.loaded, nodes }, checkEvery: this.opts.checkEvery });
    }
    input(input) {
        if (this.stopped)
            return;
        this.inputs++;
        this.sinceCheck++;
        this.write({ t: 'in', i: input });
    }
    drained(effects) {
        if (this.stopped)
            return;
        const due = this.opts.checkEvery > 0 && this.sinceCheck >= this.opts.checkEvery;
        // An empty drain is not recorded, unless a checkpoint is due after it.
        if (effects.length === 0 && !due && !this.full)
            return;
        for (const e of effects)
            this.effects.add(encodeValue(e));
        this.write({ t: 'drain', n: effects.length });
        if (this.full) {
            // What was recorded stays replayable up to here: a last checkpoint, then the limit line.
            this.check(false);
            this.write({ t: 'limit', bytes: this.bytes });
            this.stopped = true;
            this.opts.onLimit?.(this.bytes);
        }
        else if (due) {
            this.check(false);
        }
        this.opts.flush?.();
    }
    /** Wraps the core's log so that every read and its answer are recorded. */
    logReader(inner) {
        return {
            readLog: (from, to, maxBytes) => {
                const result = inner.readLog(from, to, maxBytes);
                if (!this.stopped)
                    this.write({ t: 'read', op: 'readLog', args: [from, to, maxBytes], result });
                return result;
            },
            firstLogged: () => {
                const result = inner.firstLogged();
                if (!this.stopped)
                    this.write({ t: 'read', op: 'firstLogged', result });
                return result;
            },
        };
    }
    /** The checkpoint as of now (a replay compares it with the recorded one). */
    checkpoint(final) {
        const summary = this.opts.state(final);
        return { t: 'check', inputs: this.inputs, effects: this.effects.hex(), state: stateHash(summary), ...(final ? { final } : {}), summary };
    }
    /** Writes a checkpoint; a final one at a clean stop, after which nothing more is recorded. */
    check(final) {
        if (this.stopped)
            return;
        this.sinceCheck = 0;
        this.write(this.checkpoint(final));
        if (final)
            this.stopped = true;
        this.opts.flush?.();
    }
    /**
     * Past the size limit, recording goes on to the end of the turn (the next drain), where the
     * core is between inputs: a checkpoint there is one a replay can reach.
     */
    write(line) {
        const text = encodeValue(line);
        this.bytes += text.length + 1;
        this.opts.sink?.(text);
        if (this.bytes > this.opts.limitBytes)
            this.full = true;
    }
}
export function stateHash(s) {
    const h = new RunningHash();
    h.add(encodeValue(s));
    return h.hex();
}
//# sourceMappingURL=recording.js.map