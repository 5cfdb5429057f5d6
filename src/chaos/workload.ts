/**
 * The clients: several concurrent sessions through the project's client library, each a
 * sequential worker doing create, setData with versions (compare-and-set), delete, sync +
 * getData, sequential creates, getChildren and multi, on objects that rotate every few seconds
 * (a new generation of keys), so that each object's history stays short enough to search.
 * Every call is logged with its invocation and completion time (performance.now(), taken
 * before the call and when its promise settles) and its outcome: ok, failed (an error that says
 * something about the data: NODEEXISTS, NONODE, BADVERSION) or indeterminate (anything else,
 * e.g. ConnectionLoss: it may or may not have taken effect).
 *
 * Objects of generation g (see docs/chaos.md):
 *   /chaos/r<g>-<i>a, /chaos/r<g>-<i>b   a group of two versioned registers (multi changes both)
 *   /chaos/s<g>                          a set of children c0..c7
 *   /chaos/q<g>                          sequential children n-<suffix>, never deleted
 *   /chaos/e/w<worker>-<session>         one ephemeral per session (must vanish with it)
 */
import { performance } from 'node:perf_hooks';
import { SeededRng } from '../base/clock.js';
import { hex } from '../base/zxid.js';
import { CreateMode, createClient, MultiOp, ZooKeeperClient, ZooKeeperError } from '../client/index.js';
import { Err } from '../wire/constants.js';
import type { RegisterInput, RegisterOutput, RegisterWrite, SequenceInput, SequenceOutput, SetInput, SetOutput } from '../lincheck/index.js';

export const GENERATION_MS = 5000;
export const REGISTER_GROUPS = 2;
export const SET_CHILDREN = 8;
const DEFINITE_ERRORS = new Map<number, string>([
  [Err.NODEEXISTS, 'NODEEXISTS'],
  [Err.NONODE, 'NONODE'],
  [Err.BADVERSION, 'BADVERSION'],
  [Err.NOTEMPTY, 'NOTEMPTY'],
]);

export type ObjectKind = 'register' | 'set' | 'sequence';

export interface HistoryOp {
  id: number;
  worker: number;
  /** The session (hex) the call went through; '' when the client had none yet. */
  session: string;
  kind: ObjectKind;
  /** The object (the P-compositionality partition). */
  object: string;
  input: RegisterInput | SetInput | SequenceInput;
  output: RegisterOutput | SetOutput | SequenceOutput | undefined;
  outcome: 'ok' | 'fail' | 'info';
  /** For fail/info: the error (name or message). */
  error?: string;
  /** ms since the workload started. */
  call: number;
  ret: number | null;
  /** The session's last seen zxid after the call (client.lastZxid). */
  zxidAfter?: string;
  /** For a write that succeeded: is it a write at all (for the unavailability window). */
  write: boolean;
  /** True for the final reads after healing. */
  final?: boolean;
}

export interface SessionRecord {
  worker: number;
  session: string;
  ephemeral: string | null;
  /** Last seen zxids, in call order, for the monotonicity check. */
  zxids: { op: number; zxid: bigint }[];
  end: 'closed' | 'expired' | 'close failed' | null;
}

export interface WorkloadOptions {
  connectString: string;
  clients: number;
  seed: number;
  sessionTimeout: number;
  /** How many generations of objects exist (their parents are created before the run). */
  generations: number;
}

export function registerKeys(g: number, i: number): [string, string] {
  return [`/chaos/r${g}-${i}a`, `/chaos/r${g}-${i}b`];
}
export const setParent = (g: number) => `/chaos/s${g}`;
export const sequenceParent = (g: number) => `/chaos/q${g}`;

export class Workload {
  readonly ops: HistoryOp[] = [];
  readonly sessions: SessionRecord[] = [];
  readonly t0 = performance.now();
  private stopped = false;
  private readonly running: Promise<void>[] = [];
  private readonly clients = new Set<ZooKeeperClient>();
  /** Generations whose objects were touched. */
  readonly generations = new Set<number>();

  constructor(private readonly o: WorkloadOptions) {}

  now(): number {
    return performance.now() - this.t0;
  }

  /** The generation of objects in use now (the last one stays in use after its time). */
  generation(): number {
    return Math.min(Math.floor(this.now() / GENERATION_MS), this.o.generations - 1);
  }

  start(): void {
    for (let w = 1; w <= this.o.clients; w++) this.running.push(this.worker(w));
  }

  /** Stops issuing operations and waits for the ones in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.running);
  }

  get counts(): { tried: number; ok: number; fail: number; info: number } {
    let ok = 0;
    let fail = 0;
    let info = 0;
    for (const o of this.ops) {
      if (o.outcome === 'ok') ok++;
      else if (o.outcome === 'fail') fail++;
      else info++;
    }
    return { tried: this.ops.length, ok, fail, info };
  }

  newClient(connectString = this.o.connectString): ZooKeeperClient {
    const c = createClient(connectString, {
      sessionTimeout: this.o.sessionTimeout,
      retry: { baseDelayMs: 50, maxDelayMs: 500 },
    });
    this.clients.add(c);
    c.on('closed', () => this.clients.delete(c));
    return c;
  }

  /** Closes every session still open; records how each ended. */
  async closeAll(): Promise<void> {
    await Promise.all(
      [...this.clients].map(async (c) => {
        const rec = this.sessions.find((s) => s.session === hex(c.sessionId));
        try {
          await withTimeout(c.close(), 10_000);
          if (rec && rec.end === null) rec.end = 'closed';
        } catch {
          if (rec && rec.end === null) rec.end = 'close failed';
        }
        this.clients.delete(c);
      }),
    );
  }

  private async worker(w: number): Promise<void> {
    const rng = new SeededRng(this.o.seed * 1000 + w);
    const versions = new Map<string, number>();
    let client: ZooKeeperClient | null = null;
    let session: SessionRecord | null = null;
    while (!this.stopped) {
      if (client === null || client.state === 'EXPIRED' || client.state === 'CLOSED') {
        if (session && session.end === null) session.end = client?.state === 'EXPIRED' ? 'expired' : 'closed';
        if (client) await client.close().catch(() => undefined);
        client = this.newClient();
        session = null;
      }
      if (session === null) {
        try {
          await client.connected(this.o.sessionTimeout);
        } catch {
          await sleep(100);
          continue;
        }
        session = { worker: w, session: hex(client.sessionId), ephemeral: null, zxids: [], end: null };
        this.sessions.push(session);
        const path = `/chaos/e/w${w}-${session.session}`;
        try {
          await client.create(path, '', { mode: CreateMode.EPHEMERAL });
          session.ephemeral = path;
        } catch (e) {
          // Indeterminate: it may exist, and then must still vanish with the session.
          if (!(e instanceof ZooKeeperError && e.code === Err.NODEEXISTS)) session.ephemeral = path;
        }
      }
      await this.step(w, rng, client, session, versions);
    }
  }

  private async step(w: number, rng: SeededRng, client: ZooKeeperClient, session: SessionRecord, versions: Map<string, number>): Promise<void> {
    const g = this.generation();
    this.generations.add(g);
    const r = rng.int(100);
    if (r < 55) {
      const i = rng.int(REGISTER_GROUPS);
      const [a, b] = registerKeys(g, i);
      const key = rng.int(2) === 0 ? a : b;
      const k = rng.int(100);
      const value = `w${w}-${this.ops.length}`;
      const known = (p: string) => versions.get(p) ?? 0;
      let input: RegisterInput;
      if (k < 25) input = { f: 'read', keys: [key] };
      else if (k < 32) input = { f: 'read', keys: [a, b] };
      else if (k < 45) input = { f: 'create', key, value };
      else if (k < 70) input = { f: 'set', key, value, version: rng.int(10) < 7 ? known(key) : -1 };
      else if (k < 80) input = { f: 'delete', key, version: rng.int(2) === 0 ? known(key) : -1 };
      else {
        const m = rng.int(4);
        const ops: RegisterWrite[] =
          m === 0
            ? [{ f: 'set', key: a, value, version: -1 }, { f: 'set', key: b, value: value + "'", version: -1 }]
            : m === 1
              ? [{ f: 'check', key: a, version: known(a) }, { f: 'set', key: b, value, version: -1 }]
              : m === 2
                ? [{ f: 'create', key: a, value }, { f: 'create', key: b, value: value + "'" }]
                : [{ f: 'delete', key: a, version: -1 }, { f: 'delete', key: b, version: -1 }];
        input = { f: 'multi', ops };
      }
      await this.record(w, client, session, 'register', `reg ${a.slice(0, -1)}`, input, input.f !== 'read', () => this.register(client, input, versions));
    } else if (r < 80) {
      const parent = setParent(g);
      const k = rng.int(10);
      const child = `c${rng.int(SET_CHILDREN)}`;
      const input: SetInput = k < 5 ? { f: 'add', child } : k < 7 ? { f: 'remove', child } : { f: 'list' };
      await this.record(w, client, session, 'set', `set ${parent}`, input, input.f !== 'list', () => childSet(client, parent, input));
    } else {
      const parent = sequenceParent(g);
      const input: SequenceInput = rng.int(10) < 7 ? { f: 'create' } : { f: 'list' };
      await this.record(w, client, session, 'sequence', `seq ${parent}`, input, input.f === 'create', () => sequence(client, parent, input));
    }
  }

  /** Runs one call and logs it. `run` resolves with the output, or throws a client error. */
  async record<O>(
    w: number,
    client: ZooKeeperClient,
    session: SessionRecord | null,
    kind: ObjectKind,
    object: string,
    input: HistoryOp['input'],
    write: boolean,
    run: () => Promise<O>,
    final = false,
  ): Promise<HistoryOp> {
    const op: HistoryOp = {
      id: this.ops.length + 1,
      worker: w,
      session: client.sessionId === 0n ? '' : hex(client.sessionId),
      kind,
      object,
      input,
      output: undefined,
      outcome: 'info',
      call: this.now(),
      ret: null,
      write,
      ...(final ? { final } : {}),
    };
    this.ops.push(op);
    try {
      op.output = (await run()) as HistoryOp['output'];
      op.outcome = 'ok';
      op.ret = this.now();
    } catch (e) {
      const code = e instanceof ZooKeeperError ? e.code : undefined;
      const name = code === undefined ? undefined : DEFINITE_ERRORS.get(code);
      if (name !== undefined) {
        op.ret = this.now();
        op.outcome = 'fail';
        op.error = name;
        const index = (e as ZooKeeperError).failedOpIndex;
        op.output = { ok: false, err: name, ...(index !== undefined ? { index } : {}) };
      } else {
        op.error = (e as Error).message ?? String(e);
      }
    }
    if (session) {
      op.zxidAfter = hex(client.lastZxid);
      session.zxids.push({ op: op.id, zxid: client.lastZxid });
    }
    return op;
  }

  async register(client: ZooKeeperClient, input: RegisterInput, versions?: Map<string, number>): Promise<RegisterOutput> {
    switch (input.f) {
      case 'read': {
        const sync = client.sync(input.keys[0]);
        if (input.keys.length === 1) {
          const read = client.getData(input.keys[0]!).then(
            (r) => ({ value: r.data?.toString('utf8') ?? '', version: r.stat.version }),
            (e) => {
              if (e instanceof ZooKeeperError && e.code === Err.NONODE) return null;
              throw e;
            },
          );
          const [, cell] = await Promise.all([sync, read]);
          if (cell) versions?.set(input.keys[0]!, cell.version);
          return { ok: true, values: [cell] };
        }
        const [, results] = await Promise.all([sync, client.multiRead(input.keys.map((path) => ({ type: 'getData' as const, path })))]);
        const values = results.map((r, i) => {
          if (r.type === 'getData') {
            versions?.set(input.keys[i]!, r.stat.version);
            return { value: r.data?.toString('utf8') ?? '', version: r.stat.version };
          }
          if (r.type === 'error' && r.code === Err.NONODE) return null;
          throw r.type === 'error' ? r.error : new Error('unexpected multiRead result');
        });
        return { ok: true, values };
      }
      case 'create':
        await client.create(input.key, input.value);
        versions?.set(input.key, 0);
        return { ok: true };
      case 'set': {
        const stat = await client.setData(input.key, input.value, input.version);
        versions?.set(input.key, stat.version);
        return { ok: true, version: stat.version };
      }
      case 'delete':
        await client.delete(input.key, input.version);
        return { ok: true };
      case 'check':
        throw new Error('check is only used inside multi');
      case 'multi': {
        const ops: MultiOp[] = input.ops.map((o) =>
          o.f === 'create'
            ? { type: 'create', path: o.key, data: o.value }
            : o.f === 'set'
              ? { type: 'setData', path: o.key, data: o.value, version: o.version }
              : o.f === 'delete'
                ? { type: 'delete', path: o.key, version: o.version }
                : { type: 'check', path: o.key, version: o.version },
        );
        const results = await client.multi(ops);
        results.forEach((r, i) => {
          const o = input.ops[i]!;
          if (r.type === 'setData') versions?.set(o.key, r.stat.version);
          if (r.type === 'create') versions?.set(o.key, 0);
        });
        return { ok: true };
      }
    }
  }
}

export async function childSet(client: ZooKeeperClient, parent: string, input: SetInput): Promise<SetOutput> {
  if (input.f === 'list') {
    const [, children] = await Promise.all([client.sync(parent), client.getChildren(parent)]);
    return { ok: true, children };
  }
  if (input.f === 'add') await client.create(`${parent}/${input.child}`, '');
  else await client.delete(`${parent}/${input.child}`, -1);
  return { ok: true };
}

export function suffixOf(name: string): number {
  const m = /(\d{10})$/.exec(name);
  if (!m) throw new Error(`not a sequential name: ${name}`);
  return Number(m[1]);
}

export async function sequence(client: ZooKeeperClient, parent: string, input: SequenceInput): Promise<SequenceOutput> {
  if (input.f === 'list') {
    const [, children] = await Promise.all([client.sync(parent), client.getChildren(parent)]);
    return { seqs: children.map(suffixOf) };
  }
  const path = await client.create(`${parent}/n-`, '', { mode: CreateMode.PERSISTENT_SEQUENTIAL });
  return { seq: suffixOf(path) };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}
