/**
 * The deliberate differences between zk-ts and the cross-checker's reference, Apache ZooKeeper
 * 3.8.0 as Debian builds it (docs/compatibility.md, "Deviations", and docs/crosscheck.md). Each
 * is a place where zk-ts follows a newer ZooKeeper release (or refuses what makes ZooKeeper
 * fail); each entry matches narrowly: the step, where the difference is, what each side said.
 *
 * Some of them change what a session is watching on one side only (3.8.0's watch manager keeps
 * one mode per path and session; newer releases keep them side by side). The events that follow
 * from that on the same session and path are covered too, until the session's watches are reset
 * (a reconnect or a new session): the allow-list remembers those "tainted" watches as the run
 * goes (observe).
 */
import { Op } from '../wire/constants.js';
import type { StepOutcome } from './lockstep.js';
import { splitEvents, type Difference, type Value } from './observe.js';
import { MAX_SESSIONS, type RequestArg, type Step } from './steps.js';

export interface AllowEntry {
  name: string;
  /** Why it is deliberate, and which ZooKeeper release behaves as zk-ts does. */
  why: string;
}

export const ENTRIES = {
  existsNoAuth: {
    name: 'exists-noauth',
    why: 'exists on a node the session cannot READ answers NOAUTH and sets no watch (ZOOKEEPER-2590: 3.8.4, 3.9.2); 3.8.0 answers the Stat',
  },
  multiCreate2Stat: {
    name: 'multi-create2-stat',
    why: 'create2 inside multi answers a create2 result with a Stat (ZOOKEEPER-4026: 3.8.2, 3.9.0); 3.8.0 answers a plain create result',
  },
  multiCreateMode: {
    name: 'multi-create-mode',
    why: 'inside multi, an unknown create mode fails the whole multi and a TTL mode without createTTL fails the one op (3.8.6, 3.9); 3.8.0 does the reverse',
  },
  checkOutsideMulti: {
    name: 'check-outside-multi',
    why: 'a bare check (opcode 13) is refused with UNIMPLEMENTED and the connection closed (3.8.6, 3.9); 3.8.0 runs it and then fails to answer',
  },
  watchesPerSession: {
    name: 'watch-checks',
    why: 'checkWatches/removeWatches see only the session\'s own watches and know persistent ones (ZOOKEEPER-4466, ZOOKEEPER-4472: 3.9.0); 3.8.0 matches other sessions\' watches and fails on the persistent types',
  },
  ipv6Acl: {
    name: 'ipv6-acl',
    why: 'ip ACL entries may name IPv6 addresses (ZOOKEEPER-4240: 3.9.4); 3.8 refuses them with INVALIDACL',
  },
  longPath: {
    name: 'long-path',
    why: 'zk-ts refuses to create a path longer than 1978 UTF-8 bytes (BADARGUMENTS: storage keys nodes by path); ZooKeeper stores it',
  },
  watchModesSideBySide: {
    name: 'watch-modes',
    why: 'watches of different modes on the same path (standard, persistent, persistent-recursive) all stay (ZOOKEEPER-4466: 3.9.0); 3.8.0 keeps only the last one set',
  },
} satisfies Record<string, AllowEntry>;

interface Taint {
  path: string;
  recursive: boolean;
  entry: AllowEntry;
}

interface SlotWatches {
  standard: Set<string>;
  persistent: Map<string, boolean>;
  /** Watches that may differ between the servers, and why. */
  tainted: Taint[];
  /** Every event on the session may differ. */
  all: AllowEntry | null;
}

const CREATE_OPS = new Set<number>([Op.create, Op.create2, Op.createContainer, Op.createTTL]);

function replyOf(items: readonly Value[]): { err: string; body: Value } | undefined {
  for (const item of items) {
    const r = (item as { reply?: { err: string; body: Value } } | null)?.reply;
    if (r) return r;
  }
  return undefined;
}

function covers(t: Taint, path: string): boolean {
  if (t.path === path) return true;
  return t.recursive && (path.startsWith(t.path + '/') || t.path === '/');
}

export class AllowList {
  private readonly slots: SlotWatches[] = Array.from({ length: MAX_SESSIONS }, () => ({ standard: new Set(), persistent: new Map(), tainted: [], all: null }));

  /** The entry covering each difference of a step (null where none does). */
  judge(step: Step, out: StepOutcome): (AllowEntry | null)[] {
    return out.differences.map((d) => this.judgeOne(step, d, out));
  }

  private judgeOne(step: Step, d: Difference, out: StepOutcome): AllowEntry | null {
    const slot = Number(/^s(\d+)/.exec(d.where)?.[1] ?? -1);
    const own = slot === step.s;
    if (d.where.includes('.events')) return this.eventTaint(slot, d, out);
    if (!own || step.kind !== 'request') return null;
    const req = step.req;
    const a = replyOf(out.reference[slot]!);
    const b = replyOf(out.other[slot]!);
    if ((req.op === Op.create || req.op === Op.create2 || req.op === Op.createContainer || req.op === Op.createTTL || req.op === Op.setACL) && a?.err === 'INVALIDACL' && b?.err !== 'INVALIDACL') {
      if ((req.acl ?? []).some((e) => e.scheme === 'ip' && (e.id ?? '').includes(':'))) return ENTRIES.ipv6Acl;
    }
    if (CREATE_OPS.has(req.op) && b?.err === 'BADARGUMENTS' && a?.err !== 'BADARGUMENTS' && new TextEncoder().encode(req.path ?? '').byteLength > 1900) {
      return ENTRIES.longPath;
    }
    switch (req.op) {
      case Op.exists:
        return a?.err === 'OK' && b?.err === 'NOAUTH' ? ENTRIES.existsNoAuth : null;
      case Op.check:
        return ENTRIES.checkOutsideMulti;
      case Op.checkWatches:
      case Op.removeWatches:
        // 3.8.0 fails the persistent types and a null path with MARSHALLINGERROR; any other
        // MARSHALLINGERROR of the reference (an invalid type) zk-ts must give too (finding 4).
        if (a?.err === 'MARSHALLINGERROR' && !(req.mode === 4 || req.mode === 5 || req.path === null)) return null;
        return ENTRIES.watchesPerSession;
      case Op.multi: {
        const ops = req.ops ?? [];
        if (ops.some(oddCreateMode)) return ENTRIES.multiCreateMode;
        const m = /\.reply\.body\.results\[(\d+)\]/.exec(d.where);
        if (m && ops[Number(m[1])]?.op === Op.create2) return ENTRIES.multiCreate2Stat;
        return null;
      }
      default:
        return null;
    }
  }

  /** An event difference on a session whose watches were allowed to differ. */
  private eventTaint(slot: number, d: Difference, out: StepOutcome): AllowEntry | null {
    const w = this.slots[slot];
    if (!w) return null;
    if (w.all) return w.all;
    const i = Number(/\.events\[(\d+)\]/.exec(d.where)?.[1] ?? -1);
    const paths = [out.reference[slot], out.other[slot]]
      .map((items) => splitEvents(items!).events[i] as { path?: string } | undefined)
      .filter((e): e is { path?: string } => e !== undefined)
      .map((e) => e.path ?? '');
    if (paths.length === 0) return null;
    for (const t of w.tainted) if (paths.every((p) => covers(t, p))) return t.entry;
    return null;
  }

  /** Follows what each session watches, after every step (diverging or not). */
  observe(step: Step, out: StepOutcome, allowedHere: boolean): void {
    for (let i = 0; i < MAX_SESSIONS; i++) {
      const closed = [...out.reference[i]!, ...out.other[i]!].some((x) => x === 'connection closed');
      if (closed && !(allowedHere && i === step.s && step.kind === 'request' && step.req.op === Op.check)) this.reset(i);
    }
    if (step.kind === 'reconnect') return this.reset(step.s);
    if (step.kind !== 'request') return;
    const w = this.slots[step.s]!;
    const req = step.req;
    if (req.op === Op.closeSession) return this.reset(step.s);
    const standard = (p: string | null | undefined) => {
      if (p === null || p === undefined) return;
      w.standard.add(p);
      const rec = w.persistent.get(p);
      if (rec !== undefined) w.tainted.push({ path: p, recursive: rec, entry: ENTRIES.watchModesSideBySide });
    };
    const persistent = (p: string | null | undefined, recursive: boolean) => {
      if (p === null || p === undefined) return;
      const before = w.persistent.get(p);
      // Persistent and persistent-recursive on one path: 3.8.0 keeps the last, 3.9 both.
      if (before !== undefined && before !== recursive) w.tainted.push({ path: p, recursive: true, entry: ENTRIES.watchModesSideBySide });
      w.persistent.set(p, recursive || (before ?? false));
      if (w.standard.has(p)) w.tainted.push({ path: p, recursive, entry: ENTRIES.watchModesSideBySide });
    };
    switch (req.op) {
      case Op.exists:
      case Op.getData:
      case Op.getChildren:
      case Op.getChildren2:
        if (req.watch) standard(req.path);
        if (req.op === Op.exists && req.watch && allowedHere) this.taint(step.s, req.path, false, ENTRIES.existsNoAuth);
        break;
      case Op.addWatch:
        if (req.mode === 0 || req.mode === 1) persistent(req.path, req.mode === 1);
        break;
      case Op.setWatches:
      case Op.setWatches2:
        for (const p of [...(req.dataWatches ?? []), ...(req.existWatches ?? []), ...(req.childWatches ?? [])]) standard(p);
        for (const p of req.persistentWatches ?? []) persistent(p, false);
        for (const p of req.recursiveWatches ?? []) persistent(p, true);
        break;
      case Op.removeWatches:
        if (allowedHere) this.taint(step.s, req.path, true, ENTRIES.watchesPerSession);
        break;
      case Op.check:
        // zk-ts closed the connection (its watches went with it); 3.8.0 may have kept it.
        if (allowedHere) this.slots[step.s]!.all = ENTRIES.checkOutsideMulti;
        break;
    }
  }

  private taint(slot: number, path: string | null | undefined, recursive: boolean, entry: AllowEntry): void {
    if (path !== null && path !== undefined) this.slots[slot]!.tainted.push({ path, recursive, entry });
  }

  private reset(slot: number): void {
    this.slots[slot] = { standard: new Set(), persistent: new Map(), tainted: [], all: null };
  }
}

/** A create inside multi whose flags name no mode, or a TTL mode without createTTL. */
function oddCreateMode(sub: RequestArg): boolean {
  if (!CREATE_OPS.has(sub.op)) return false;
  const f = sub.flags ?? 0;
  if (f < 0 || f > 6) return true;
  return (f === 5 || f === 6) && sub.op !== Op.createTTL;
}

/** What the generator does not send, because the two servers' trees would part ways for good. */
export const NOT_GENERATED = [
  'a bare check (opcode 13, outside multi): 3.8.0 runs it on the open connection, zk-ts (as 3.8.6/3.9) refuses it and closes, so the session loses its auth ids on one side only (the entry check-outside-multi covers the answer itself in a replay)',
  'createTTL with a mode that is not TTL and a negative ttl: ZooKeeper accepts it, then fails to apply the txn and stops; zk-ts answers BADARGUMENTS',
  'createContainer inside multi with flags other than CONTAINER: 3.8.0 makes an ephemeral or persistent node, 3.8.6/3.9 (and zk-ts) a container',
  'ip ACLs with IPv6 addresses: valid since 3.9.4 (ZOOKEEPER-4240, zk-ts too), invalid in 3.8',
  'creates of paths longer than 1978 UTF-8 bytes: zk-ts refuses them (BADARGUMENTS), ZooKeeper stores them',
];
