/**
 * A checkpoint of a whole core (docs/architecture.md, "Replaying a recording"): the object graph
 * reachable from a `QuorumPeer` or `StandaloneCore`, written as plain JSON and rebuilt into an
 * identical graph. The recorder writes one at the head of each segment of a bounded recording,
 * so that a replay can start there once the older inputs are dropped.
 *
 * Generic, so that it does not follow the cores' field lists: every own property of every
 * object is kept; class instances come back with their prototypes, looked up by name in a
 * registry of the classes the cores are made of (src/peer/core-checkpoint.ts); Maps, Sets,
 * arrays, bigints, bytes, non-finite numbers and `undefined` are kept; an object reachable
 * twice is one object again (shared references and cycles). What cannot be rebuilt is refused
 * with the path it was found at: a function (a closure's captured state is invisible), an
 * instance of a class the registry does not hold, a symbol key, an accessor property. A core
 * that grows such a field fails the checkpoint test (test/unit/checkpoint.test.ts) instead of
 * replaying wrong.
 *
 * `externals` are the objects a core holds but does not own (its log reader, its recorder):
 * written by name, and handed in again by name when the graph is rebuilt.
 *
 * Closures the core makes when it is built (a sink that pushes onto its effect list, a bound
 * check) are the one kind of function kept, through a `template`: a core freshly built with the
 * same options. A function is written as "the template's" when the template holds a function
 * of the same source at the same path (through objects only, not through Maps or arrays); the
 * graph is then rebuilt into the template itself, its objects reused in place, so that those
 * closures refer to the rebuilt objects. Any other function (a continuation waiting for an
 * answer, a callback a role installed) is refused: the recorder tries again at a later turn.
 *
 * A Uint8Array of any kind (a Node Buffer too) comes back as a plain Uint8Array of the same
 * bytes; JavaScript `#private` fields are invisible to any serializer, and the cores use none.
 */
import { fromHex, toHex } from '../base/hex.js';

/** The JSON form of a checkpoint: a table of objects, the root being object 0. */
export interface EncodedGraph {
  objs: EncodedObject[];
}

type EncodedValue = null | boolean | number | string | { r: number } | { x: string } | { n: string } | { f: string } | { u: 1 } | { fn: 1 } | { fk: string };

type EncodedObject =
  | { k: 'o'; c?: string; p: [string, EncodedValue][]; z?: 1 }
  | { k: 'a'; v: (EncodedValue | { us: number })[]; z?: 1 }
  | { k: 'm'; v: [EncodedValue, EncodedValue][] }
  | { k: 's'; v: EncodedValue[] }
  | { k: 'b'; h: string }
  | { k: 't'; t: TypedArrayName; v: (number | string)[] };

const TYPED_ARRAYS = { Uint8ClampedArray, Int8Array, Uint16Array, Int16Array, Uint32Array, Int32Array, Float32Array, Float64Array, BigUint64Array, BigInt64Array };
type TypedArrayName = keyof typeof TYPED_ARRAYS;

/** The classes a checkpoint may hold, by a stable name. */
export class ClassRegistry {
  private readonly byName = new Map<string, abstract new (...args: never[]) => unknown>();
  private readonly byCtor = new Map<unknown, string>();

  /** Registers every class exported by `module` under `<prefix>.<export name>`. */
  addModule(prefix: string, module: Record<string, unknown>): this {
    for (const [name, value] of Object.entries(module)) {
      if (!isClass(value)) continue;
      if (this.byCtor.has(value)) continue; // re-exported
      const key = `${prefix}.${name}`;
      if (this.byName.has(key)) throw new Error(`checkpoint registry: ${key} twice`);
      this.byName.set(key, value);
      this.byCtor.set(value, key);
    }
    return this;
  }

  nameOf(ctor: unknown): string | undefined {
    return this.byCtor.get(ctor);
  }

  prototypeOf(name: string): object {
    const c = this.byName.get(name);
    if (!c) throw new CheckpointError(`the checkpoint holds an instance of ${name}, which this build does not have`);
    return c.prototype as object;
  }
}

function isClass(v: unknown): v is abstract new (...args: never[]) => unknown {
  return typeof v === 'function' && /^class\b/.test(Function.prototype.toString.call(v));
}

export class CheckpointError extends Error {}

/** Closures made by `KnownClosure.rebuild`: a restored core can be checkpointed again. */
const rebuilt = new WeakMap<object, KnownClosure>();

export interface GraphOptions {
  classes: ClassRegistry;
  /** Encoding: object → name; decoding: name → object. */
  externals: ReadonlyMap<unknown, unknown>;
  /** A freshly built core of the same kind and options: where the construction-time closures come from. */
  template?: object;
  /** Closures made after construction that are known and rebuilt from the root, by path and exact source. */
  closures?: readonly KnownClosure[];
}

export interface KnownClosure {
  /** Where the closure is found, from `core` (as error messages spell paths). */
  path: string;
  /** Its exact source: a closure whose code changed is refused, not rebuilt wrong. */
  source: string;
  rebuild(root: object): unknown;
}

/** Writes the graph reachable from `root`; throws CheckpointError on what it cannot rebuild. */
export function encodeGraph(root: object, opts: GraphOptions): EncodedGraph {
  const { classes } = opts;
  const externals = opts.externals as ReadonlyMap<unknown, string>;
  const ids = new Map<object, number>();
  const queue: { obj: object; path: string; twin: object | undefined }[] = [];
  const objs: EncodedObject[] = [];

  // Paths are spelled only for objects and errors: most values are numbers and strings.
  const value = (v: unknown, parent: string, how: How, key: unknown, twin?: object): EncodedValue => {
    const ext = externals.get(v);
    if (ext !== undefined) return { x: ext };
    switch (typeof v) {
      case 'string':
      case 'boolean':
        return v;
      case 'number':
        return Number.isFinite(v) && !Object.is(v, -0) ? v : { f: Object.is(v, -0) ? '-0' : String(v) };
      case 'bigint':
        return { n: v.toString() };
      case 'undefined':
        return { u: 1 };
      case 'object': {
        if (v === null) return null;
        let id = ids.get(v);
        if (id === undefined) {
          id = ids.size;
          ids.set(v, id);
          const t = twin !== undefined && how === 'prop' ? Object.getOwnPropertyDescriptor(twin, key as string)?.value : undefined;
          queue.push({ obj: v, path: pathOf(parent, how, key), twin: t !== null && typeof t === 'object' && Object.getPrototypeOf(t) === Object.getPrototypeOf(v) ? t : undefined });
        }
        return { r: id };
      }
      default: {
        const t = twin !== undefined && how === 'prop' ? Object.getOwnPropertyDescriptor(twin, key as string)?.value : undefined;
        if (typeof v === 'function' && typeof t === 'function' && Function.prototype.toString.call(t) === Function.prototype.toString.call(v)) return { fn: 1 };
        const path = pathOf(parent, how, key);
        const known = typeof v === 'function' ? opts.closures?.find((c) => c.path === path && (c.source === Function.prototype.toString.call(v) || rebuilt.get(v) === c)) : undefined;
        if (known) return { fk: known.path };
        throw new CheckpointError(`cannot checkpoint ${path}: a ${typeof v}${typeof v === 'function' ? ` (${(v as { name?: string }).name || 'anonymous'})` : ''}; a core's state must be data`);
      }
    }
  };

  const template = opts.template !== undefined && Object.getPrototypeOf(opts.template) === Object.getPrototypeOf(root) ? opts.template : undefined;
  ids.set(root, 0);
  queue.push({ obj: root, path: 'core', twin: template });
  for (let i = 0; i < queue.length; i++) {
    const { obj, path, twin } = queue[i]!;
    objs.push(encodeObject(obj, path, classes, (v, p, how, key) => value(v, p, how, key, twin)));
  }
  return { objs };
}

/** How a value hangs from its parent. */
type How = 'prop' | 'index' | 'key' | 'get' | 'element';

function pathOf(parent: string, how: How, key: unknown): string {
  switch (how) {
    case 'prop':
      return `${parent}.${String(key)}`;
    case 'index':
      return `${parent}[${String(key)}]`;
    case 'key':
      return `${parent}.<key ${String(key)}>`;
    case 'get':
      return `${parent}.get(${describeKey(key)})`;
    case 'element':
      return `${parent}.<element ${String(key)}>`;
  }
}

function encodeObject(obj: object, path: string, classes: ClassRegistry, value: (v: unknown, parent: string, how: How, key: unknown) => EncodedValue): EncodedObject {
  if (obj instanceof Uint8Array) return { k: 'b', h: toHex(obj) };
  if (ArrayBuffer.isView(obj)) {
    for (const [t, ctor] of Object.entries(TYPED_ARRAYS)) {
      if (Object.getPrototypeOf(obj) === ctor.prototype) return { k: 't', t: t as TypedArrayName, v: Array.from(obj as unknown as ArrayLike<number | bigint>, (x) => (typeof x === 'bigint' ? x.toString() : x)) };
    }
    throw new CheckpointError(`cannot checkpoint ${path}: a ${obj.constructor.name}`);
  }
  const proto = Object.getPrototypeOf(obj) as object | null;
  if (proto === Map.prototype) {
    const m = obj as Map<unknown, unknown>;
    let n = 0;
    const v: [EncodedValue, EncodedValue][] = [];
    for (const [key, val] of m) {
      v.push([value(key, path, 'key', n), value(val, path, 'get', key)]);
      n++;
    }
    return { k: 'm', v };
  }
  if (proto === Set.prototype) {
    let n = 0;
    return { k: 's', v: [...(obj as Set<unknown>)].map((e) => value(e, path, 'element', n++)) };
  }
  if (Array.isArray(obj)) {
    if (proto !== Array.prototype) throw new CheckpointError(`cannot checkpoint ${path}: an array of a subclass`);
    const extra = Object.keys(obj).filter((key) => !/^\d+$/.test(key));
    if (extra.length > 0) throw new CheckpointError(`cannot checkpoint ${path}: an array with named properties (${extra.join(', ')})`);
    const v: (EncodedValue | { us: number })[] = [];
    for (let i = 0; i < obj.length; i++) {
      // A run of undefined (a queue's consumed slots) is written as its length.
      let run = 0;
      while (i + run < obj.length && obj[i + run] === undefined) run++;
      if (run > 1) {
        v.push({ us: run });
        i += run - 1;
      } else {
        v.push(value(obj[i], path, 'index', i));
      }
    }
    return { k: 'a', v, ...(Object.isFrozen(obj) ? { z: 1 as const } : {}) };
  }
  let c: string | undefined;
  if (proto !== Object.prototype && proto !== null) {
    const ctor = (proto as { constructor?: unknown }).constructor;
    c = classes.nameOf(ctor);
    if (c === undefined || Object.getPrototypeOf(obj) !== (ctor as { prototype: unknown }).prototype) {
      const name = typeof ctor === 'function' ? ctor.name : '?';
      throw new CheckpointError(`cannot checkpoint ${path}: an instance of ${name}, a class the checkpoint registry (src/peer/core-checkpoint.ts) does not hold`);
    }
  } else if (proto === null) {
    c = '';
  }
  const p: [string, EncodedValue][] = [];
  const symbols = Object.getOwnPropertySymbols(obj);
  if (symbols.length > 0) throw new CheckpointError(`cannot checkpoint ${path}: a symbol-keyed property ${String(symbols[0])}`);
  for (const key of Object.getOwnPropertyNames(obj)) {
    const d = Object.getOwnPropertyDescriptor(obj, key)!;
    if (!('value' in d)) throw new CheckpointError(`cannot checkpoint ${path}.${key}: an accessor property`);
    p.push([key, value(d.value, path, 'prop', key)]);
  }
  return { k: 'o', ...(c !== undefined ? { c } : {}), p, ...(Object.isFrozen(obj) ? { z: 1 as const } : {}) };
}

function describeKey(k: unknown): string {
  return typeof k === 'string' ? JSON.stringify(k) : typeof k === 'bigint' ? `${k}n` : typeof k === 'object' ? 'an object' : String(k);
}

/**
 * Rebuilds a graph written by `encodeGraph`: the same shape, the externals handed in. With a
 * template, the template's objects on the same paths are reused (and returned as the root).
 */
export function decodeGraph(g: EncodedGraph, opts: GraphOptions): unknown {
  const { classes, externals } = opts;
  const prototypeOf = (o: Extract<EncodedObject, { k: 'o' }>): object | null => (o.c === undefined ? Object.prototype : o.c === '' ? null : classes.prototypeOf(o.c));
  // The template's objects that stand where the checkpoint's objects stood, found as the
  // encoding found them: breadth first, through the properties of plain and class objects.
  const twins: (object | undefined)[] = new Array(g.objs.length);
  const used = new Set<object>();
  const root = g.objs[0];
  if (opts.template !== undefined && root?.k === 'o' && Object.getPrototypeOf(opts.template) === prototypeOf(root)) {
    twins[0] = opts.template;
    used.add(opts.template);
  }
  g.objs.forEach((o, i) => {
    const twin = twins[i];
    if (twin === undefined || o.k !== 'o') return;
    for (const [key, v] of o.p) {
      if (v === null || typeof v !== 'object' || !('r' in v) || twins[v.r] !== undefined) continue;
      const child = g.objs[v.r];
      const t = Object.getOwnPropertyDescriptor(twin, key)?.value as unknown;
      if (child?.k !== 'o' || t === null || typeof t !== 'object' || used.has(t) || Object.isFrozen(t) || Object.getPrototypeOf(t) !== prototypeOf(child)) continue;
      twins[v.r] = t;
      used.add(t);
    }
  });
  // First every object, empty; then their contents, which may refer to any of them.
  const shells: object[] = g.objs.map((o, i) => {
    switch (o.k) {
      case 'o': {
        const twin = twins[i];
        if (twin === undefined) return Object.create(prototypeOf(o)) as object;
        const keep = new Set(o.p.map(([key]) => key));
        for (const key of Reflect.ownKeys(twin)) if (typeof key === 'symbol' || !keep.has(key)) Reflect.deleteProperty(twin, key);
        return twin;
      }
      case 'a':
        return [];
      case 'm':
        return new Map();
      case 's':
        return new Set();
      case 'b':
        return fromHex(o.h);
      case 't': {
        const ctor = TYPED_ARRAYS[o.t] as unknown as new (n: number) => { [i: number]: number | bigint };
        if (!ctor) throw new CheckpointError(`unknown typed array ${o.t}`);
        const a = new ctor(o.v.length);
        const big = o.t.startsWith('Big');
        o.v.forEach((x, i) => (a[i] = big ? BigInt(x) : Number(x)));
        return a as unknown as object;
      }
      default:
        throw new CheckpointError(`unknown object kind ${(o as { k: string }).k}`);
    }
  });
  const rootShell = shells[0];
  if (rootShell === undefined) throw new CheckpointError('an empty checkpoint');
  const value = (v: EncodedValue): unknown => {
    if (v === null || typeof v !== 'object') return v;
    if ('r' in v) {
      const o = shells[v.r];
      if (o === undefined) throw new CheckpointError(`reference to object ${v.r}, which the checkpoint does not hold`);
      return o;
    }
    if ('x' in v) {
      if (!externals.has(v.x)) throw new CheckpointError(`the checkpoint refers to ${v.x}, which was not handed in`);
      return externals.get(v.x);
    }
    if ('n' in v) return BigInt(v.n);
    if ('f' in v) return v.f === '-0' ? -0 : Number(v.f);
    if ('fn' in v) throw new CheckpointError('a function of the template where the template has none');
    if ('fk' in v) {
      const known = opts.closures?.find((c) => c.path === v.fk);
      if (!known) throw new CheckpointError(`the checkpoint holds a closure at ${v.fk}, which this build does not rebuild`);
      const fn = known.rebuild(rootShell);
      if (typeof fn === 'function') rebuilt.set(fn, known);
      return fn;
    }
    return undefined;
  };
  g.objs.forEach((o, i) => {
    const shell = shells[i];
    switch (o.k) {
      case 'o':
        for (const [key, v] of o.p) {
          if (v !== null && typeof v === 'object' && 'fn' in v) {
            if (typeof Object.getOwnPropertyDescriptor(shell, key)?.value !== 'function') throw new CheckpointError(`the checkpoint keeps the template's function ${key}, which the template does not have there`);
            continue;
          }
          Object.defineProperty(shell, key, { value: value(v), writable: true, enumerable: true, configurable: true });
        }
        if (o.z) Object.freeze(shell);
        break;
      case 'a':
        for (const v of o.v) {
          if (v !== null && typeof v === 'object' && 'us' in v) for (let n = 0; n < v.us; n++) (shell as unknown[]).push(undefined);
          else (shell as unknown[]).push(value(v));
        }
        if (o.z) Object.freeze(shell);
        break;
      case 'm':
        for (const [k, v] of o.v) (shell as Map<unknown, unknown>).set(value(k), value(v));
        break;
      case 's':
        for (const v of o.v) (shell as Set<unknown>).add(value(v));
        break;
    }
  });
  return rootShell;
}

/**
 * A digest of a checkpoint by value: two graphs holding equal values digest the same whichever
 * of their equal values share an object (ACL lists are interned process-wide, so a rebuilt core
 * shares fewer than the one it was taken from). A cycle is digested as a back-reference.
 */
export function graphDigest(g: EncodedGraph, hash: (parts: string[]) => string): string {
  const memo = new Map<number, string>();
  const onStack = new Map<number, number>();
  /** `low`: the shallowest stack depth a back-reference below reached (Infinity: none). */
  const dig = (id: number): { d: string; low: number } => {
    const m = memo.get(id);
    if (m !== undefined) return { d: m, low: Infinity };
    const at = onStack.get(id);
    if (at !== undefined) return { d: `^${onStack.size - at}`, low: at };
    const depth = onStack.size;
    onStack.set(id, depth);
    let low = Infinity;
    const val = (v: EncodedValue): string => {
      if (v !== null && typeof v === 'object' && 'r' in v) {
        const c = dig(v.r);
        low = Math.min(low, c.low);
        return c.d;
      }
      return JSON.stringify(v);
    };
    const o = g.objs[id];
    if (o === undefined) throw new CheckpointError(`reference to object ${id}, which the checkpoint does not hold`);
    const parts: string[] = [o.k];
    switch (o.k) {
      case 'o':
        parts.push(o.c ?? '{}', o.z ? 'z' : '');
        for (const [k, v] of o.p) parts.push(k, val(v));
        break;
      case 'a':
        parts.push(o.z ? 'z' : '');
        for (const v of o.v) parts.push(v !== null && typeof v === 'object' && 'us' in v ? `us${v.us}` : val(v));
        break;
      case 'm':
        for (const [k, v] of o.v) parts.push(val(k), val(v));
        break;
      case 's':
        for (const v of o.v) parts.push(val(v));
        break;
      case 'b':
        parts.push(o.h);
        break;
      case 't':
        parts.push(o.t, JSON.stringify(o.v));
        break;
    }
    onStack.delete(id);
    const d = hash(parts);
    if (low >= depth) memo.set(id, d);
    return { d, low: low >= depth ? Infinity : low };
  };
  return dig(0).d;
}
