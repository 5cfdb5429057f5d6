/**
 * The seeded random workload (docs/crosscheck.md, "What is sent"). Every opcode of the client
 * protocol, every create mode, ACLs and auth, multi with failing ops, watches of every kind,
 * session close and reconnect, odd paths and sizes up to jute.maxbuffer. Paths mostly come from
 * a small tree under the run's namespace so that operations collide; names the reference
 * server hands out (sequential nodes) are learnt from its replies and reused.
 */
import { createHash } from 'node:crypto';
import { SeededRng } from '../base/clock.js';
import { CreateFlags, Op, WatcherType } from '../wire/constants.js';
import { DEFAULT_MAX_BUFFER } from '../wire/constants.js';
import { SUPER_CREDENTIAL } from './servers.js';
import { MAX_SESSIONS, type AclArg, type DataArg, type PathArg, type RequestArg, type Step } from './steps.js';

const USERS = ['alice:pw1', 'bob:pw2'];
/** 1978 bytes minus room for a sequence suffix. */
const MAX_CREATED_PATH_BYTES = 1960;

export function digestOf(userPassword: string): string {
  return `${userPassword.split(':')[0]}:${createHash('sha1').update(userPassword, 'utf8').digest('base64')}`;
}

const NAMES = ['a', 'b', 'c'];
const TREE: string[] = [];
for (const x of NAMES) {
  TREE.push(`~/${x}`);
  for (const y of NAMES) {
    TREE.push(`~/${x}/${y}`);
    for (const z of NAMES.slice(0, 2)) TREE.push(`~/${x}/${y}/${z}`);
  }
}

/** Paths a careful client would never send. */
const ODD_PATHS: PathArg[] = [
  null, '', '/', '~', '//', '~/', '~//a', '~/a/', '~/./a', '~/../a', '~/.', '~/..', '~/a\u0000b', '~/é', '~/\u{1F600}',
  '~/a b', '~/.a', '~/...', '~/\u0001', '~/\u007f', '~/\ud800', '~/\ufff0', 'relative', '/zookeeper', '/zookeeper/config',
  '/zookeeper/quota', '/zookeeper/x', '~/' + 'x'.repeat(300), '~/' + 'y'.repeat(2100), '~/a/' + 'z'.repeat(1970),
];

export class Workload {
  private readonly rng: SeededRng;
  /** Paths the reference server reported creating (sequential names included). */
  private readonly learnt: string[] = [];

  constructor(seed: number, private readonly namespaceLength: number) {
    this.rng = new SeededRng(seed);
  }

  private pick<T>(xs: readonly T[]): T {
    return xs[this.rng.int(xs.length)]!;
  }

  private chance(p: number): boolean {
    return this.rng.next() < p;
  }

  /** Tells the workload a path the reference server created (relative to the namespace, `~…`). */
  learn(path: string): void {
    if (this.learnt.includes(path)) return;
    this.learnt.push(path);
    if (this.learnt.length > 40) this.learnt.shift();
  }

  private path(): PathArg {
    const r = this.rng.next();
    if (r < 0.04) return this.pick(ODD_PATHS);
    if (r < 0.2 && this.learnt.length > 0) return this.pick(this.learnt);
    if (r < 0.23) return '~';
    return this.pick(TREE);
  }

  private data(path: PathArg, overheadWithoutData: () => number): DataArg {
    const r = this.rng.next();
    if (r < 0.08) return null;
    if (r < 0.13) return '';
    if (r < 0.8) return this.pick(['x', 'hello', 'données', '{"k":1}', String(this.rng.int(1000))]);
    if (r < 0.93) return { size: 1 + this.rng.int(4096), fill: this.rng.int(256) };
    if (r < 0.985) return { size: 10_000 + this.rng.int(200_000), fill: this.rng.int(256) };
    // Near jute.maxbuffer: frames just under, at and just over the limit.
    void path;
    const frameTarget = DEFAULT_MAX_BUFFER + this.pick([-4096, -1, 0, 1, 64, 2048]);
    return { size: Math.max(0, frameTarget - overheadWithoutData()), fill: 0x61 };
  }

  private acl(): AclArg[] | null {
    const entry = (): AclArg => {
      const r = this.rng.next();
      const perms = this.chance(0.85) ? this.pick([31, 31, 1, 3, 7, 15, 16, 17, 0]) : this.pick([32, 63, -1, -32, 1 << 30, 255]);
      if (r < 0.45) return { perms, scheme: 'world', id: 'anyone' };
      if (r < 0.6) return { perms, scheme: 'digest', id: digestOf(this.pick(USERS)) };
      if (r < 0.7) return { perms, scheme: 'auth', id: '' };
      // (No IPv6 addresses: see NOT_GENERATED in the allow-list.)
      if (r < 0.8) return { perms, scheme: 'ip', id: this.pick(['127.0.0.1', '127.0.0.0/8', '10.0.0.0/8', '127.0.0.1/33', 'localhost', '256.0.0.1']) };
      if (r < 0.85) return { perms, scheme: 'super', id: '' };
      return this.pick<AclArg>([
        { perms, scheme: 'world', id: 'someone' },
        { perms, scheme: 'digest', id: 'alice' },
        { perms, scheme: 'digest', id: 'alice:' },
        { perms, scheme: 'foo', id: 'bar' },
        { perms, scheme: null, id: 'anyone' },
        { perms, scheme: 'world', id: null },
        { perms, scheme: 'x509', id: 'CN=x' },
        { perms, scheme: 'sasl', id: 'alice' },
      ]);
    };
    const r = this.rng.next();
    if (r < 0.02) return null;
    if (r < 0.04) return [];
    if (r < 0.55) return [{ perms: 31, scheme: 'world', id: 'anyone' }];
    const n = 1 + this.rng.int(3);
    return Array.from({ length: n }, entry);
  }

  private version(): number {
    return this.chance(0.6) ? -1 : this.pick([0, 1, 2, 3, -2, 2147483647]);
  }

  private create(inMulti: boolean): RequestArg {
    const op = this.pick<number>([Op.create, Op.create, Op.create2, Op.create2, Op.createContainer, Op.createTTL]);
    let path = this.path();
    // (Not created: paths zk-ts refuses for their length; see NOT_GENERATED in the allow-list.)
    if (utf8Length(path, this.namespaceLength) > MAX_CREATED_PATH_BYTES) path = '~/long';
    const natural: Record<number, number[]> = {
      [Op.create]: [CreateFlags.PERSISTENT, CreateFlags.EPHEMERAL, CreateFlags.PERSISTENT_SEQUENTIAL, CreateFlags.EPHEMERAL_SEQUENTIAL],
      [Op.create2]: [CreateFlags.PERSISTENT, CreateFlags.EPHEMERAL, CreateFlags.PERSISTENT_SEQUENTIAL, CreateFlags.EPHEMERAL_SEQUENTIAL],
      [Op.createContainer]: [CreateFlags.CONTAINER],
      [Op.createTTL]: [CreateFlags.PERSISTENT_WITH_TTL, CreateFlags.PERSISTENT_SEQUENTIAL_WITH_TTL],
    };
    let flags = this.chance(0.9) ? this.pick(natural[op]!) : this.pick([0, 1, 2, 3, 4, 5, 6, 7, -1]);
    // (Inside multi, createContainer keeps its own flag: see NOT_GENERATED in the allow-list.)
    if (inMulti && op === Op.createContainer) flags = CreateFlags.CONTAINER;
    const req: RequestArg = { op, path, acl: this.acl(), flags };
    if (op === Op.createTTL) {
      req.ttl = this.pick(['1', '1000', '60000', String((1n << 40n) - 1n), String(1n << 40n), '0', '-1']);
      // Not sent: createTTL with a mode that is not TTL and a negative ttl. ZooKeeper accepts it
      // and then fails applying the txn, which stops the server (zk-ts refuses it: BADARGUMENTS).
      if (!inMulti && flags !== 5 && flags !== 6 && req.ttl.startsWith('-')) req.ttl = '1000';
    }
    const overhead = () => 8 + 4 + utf8Length(path, this.namespaceLength) + 4 + aclLength(req.acl) + 4 + (op === Op.createTTL ? 8 : 0);
    req.data = inMulti ? this.pick(['m', null, '']) : this.data(path, overhead);
    return req;
  }

  private watchedRead(): RequestArg {
    const op = this.pick<number>([Op.exists, Op.getData, Op.getChildren, Op.getChildren2]);
    return { op, path: this.path(), watch: this.chance(0.5) };
  }

  private multiSub(): RequestArg {
    const r = this.rng.next();
    if (r < 0.35) return this.create(true);
    if (r < 0.55) return { op: Op.delete, path: this.path(), version: this.version() };
    if (r < 0.75) return { op: Op.setData, path: this.path(), data: this.pick(['m', null, '']), version: this.version() };
    if (r < 0.97) return { op: Op.check, path: this.path(), version: this.version() };
    return { op: this.pick([Op.getData, Op.setACL, Op.sync]), path: this.path(), watch: false };
  }

  private multiReadSub(): RequestArg {
    if (this.chance(0.03)) return { op: this.pick([Op.exists, Op.create, Op.getChildren2]), path: this.path(), watch: false };
    return { op: this.pick([Op.getData, Op.getChildren]), path: this.path(), watch: false };
  }

  private watchOp(): RequestArg {
    const r = this.rng.next();
    if (r < 0.4) {
      const mode = this.chance(0.93) ? this.pick([0, 1]) : this.pick([2, 3, -1]);
      return { op: Op.addWatch, path: this.path(), mode };
    }
    if (r < 0.75) {
      const type = this.chance(0.93)
        ? this.pick([WatcherType.Children, WatcherType.Data, WatcherType.Any, WatcherType.Persistent, WatcherType.PersistentRecursive])
        : this.pick([0, 6, -1]);
      return { op: this.pick([Op.checkWatches, Op.removeWatches]), path: this.path(), mode: type };
    }
    const some = () => Array.from({ length: this.rng.int(3) }, () => this.path());
    return {
      op: this.pick([Op.setWatches, Op.setWatches2, Op.setWatches2]),
      relative: this.pick(['zero', 'last', 'last', 'max'] as const),
      dataWatches: some(),
      existWatches: some(),
      childWatches: some(),
      persistentWatches: some(),
      recursiveWatches: some(),
    };
  }

  private odd(): RequestArg {
    const r = this.rng.next();
    // (No bare check: see NOT_GENERATED in the allow-list.)
    if (r < 0.3) return { op: Op.deleteContainer, path: this.path() };
    if (r < 0.45) return { op: Op.reconfig, text: this.pick([null, 'server.9=127.0.0.1:1:2:participant;3']) };
    if (r < 0.6) return { op: Op.sasl, text: this.pick([null, 'token']) };
    if (r < 0.7) return { op: Op.multiRead, ops: [this.multiReadSub(), { op: Op.setData, path: '~/a', data: 'x', version: -1 }] };
    return { op: this.pick([10, 23, 99, 108, 200, -10, 0]) };
  }

  next(): Step {
    const s = this.rng.int(MAX_SESSIONS);
    const r = this.rng.next();
    const req = (q: RequestArg): Step => ({ s, kind: 'request', req: q });
    if (r < 0.26) return req(this.watchedRead());
    if (r < 0.4) return req(this.create(false));
    if (r < 0.47) return req({ op: Op.delete, path: this.path(), version: this.version() });
    if (r < 0.56) {
      const path = this.path();
      const q: RequestArg = { op: Op.setData, path, version: this.version() };
      q.data = this.data(path, () => 8 + 4 + utf8Length(path, this.namespaceLength) + 4 + 4);
      return req(q);
    }
    if (r < 0.6) return req({ op: Op.getACL, path: this.path() });
    if (r < 0.64) return req({ op: Op.setACL, path: this.path(), acl: this.acl(), version: this.chance(0.7) ? -1 : this.pick([0, 1, 2]) });
    if (r < 0.74) return req(this.watchOp());
    if (r < 0.8) return req({ op: Op.multi, ops: Array.from({ length: this.rng.int(5) }, () => this.multiSub()) });
    if (r < 0.83) return req({ op: Op.multiRead, ops: Array.from({ length: this.rng.int(4) }, () => this.multiReadSub()) });
    if (r < 0.85) return req({ op: Op.getAllChildrenNumber, path: this.path() });
    if (r < 0.87) return req({ op: Op.getEphemerals, path: this.pick<PathArg>(['~', '~/a', '/', '', null, '~/b/']) });
    if (r < 0.88) return req({ op: Op.whoAmI });
    if (r < 0.89) return req({ op: Op.sync, path: this.path() });
    if (r < 0.9) return req({ op: Op.ping });
    if (r < 0.935) {
      const auth = this.pick<[string | null, string | null]>([
        ['digest', USERS[0]!], ['digest', USERS[0]!], ['digest', USERS[1]!], ['digest', SUPER_CREDENTIAL], ['digest', 'carol'],
        ['digest', ''], ['ip', '127.0.0.1'], ['ip', '10.1.2.3'], ['ip', null], ['world', 'anyone'], ['foo', 'bar'], [null, 'x'],
      ]);
      return { s, kind: 'auth', scheme: auth[0], auth: auth[1] };
    }
    if (r < 0.95) return { s, kind: 'reconnect' };
    if (r < 0.965) return req({ op: Op.closeSession });
    return req(this.odd());
  }
}

function utf8Length(p: PathArg, namespaceLength: number): number {
  if (p === null) return 0;
  const bytes = new TextEncoder().encode(p).byteLength;
  return p.startsWith('~') ? bytes - 1 + namespaceLength : bytes;
}

function aclLength(acl: AclArg[] | null | undefined): number {
  if (!acl) return 4;
  let n = 4;
  for (const a of acl) n += 4 + 4 + (a.scheme === null ? 0 : new TextEncoder().encode(a.scheme).byteLength) + 4 + (a.id === null ? 0 : new TextEncoder().encode(a.id).byteLength);
  return n;
}
