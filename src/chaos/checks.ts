/**
 * The direct checks at the end of a run, after everything is healed: every server, read on its
 * own after a sync, holds the same whole tree; no acknowledged write is missing from it; the
 * zxids each session saw never went backwards; no ephemeral outlived its session.
 */
import { hex } from '../base/zxid.js';
import type { Stat, ZooKeeperClient } from '../client/index.js';
import type { SetInput } from '../lincheck/index.js';
import type { HistoryOp, SessionRecord } from './workload.js';
import { suffixOf } from './workload.js';

export interface NodeDump {
  data: string;
  stat: Omit<Stat, 'ctime' | 'mtime'> & { ctime: string; mtime: string };
}
export type TreeDump = Map<string, NodeDump>;

/** The whole tree as one server sees it (after a sync), path → data and stat. */
export async function dumpTree(client: ZooKeeperClient): Promise<TreeDump> {
  await client.sync('/');
  const out: TreeDump = new Map();
  let level = ['/'];
  while (level.length > 0) {
    const next: string[] = [];
    // Level by level, pipelined in batches.
    for (let i = 0; i < level.length; i += 200) {
      const batch = level.slice(i, i + 200);
      const results = await Promise.all(
        batch.map(async (path) => {
          const [data, children] = await Promise.all([client.getData(path), client.getChildren(path)]);
          return { path, data, children };
        }),
      );
      for (const { path, data, children } of results) {
        const s = data.stat;
        out.set(path, {
          data: data.data === null ? '<null>' : data.data.toString('base64'),
          stat: { ...s, ctime: String(s.ctime), mtime: String(s.mtime) } as NodeDump['stat'],
        });
        for (const c of children.sort()) next.push(path === '/' ? `/${c}` : `${path}/${c}`);
      }
    }
    level = next;
  }
  return out;
}

function showStat(n: NodeDump): string {
  const s = n.stat as unknown as Record<string, unknown>;
  return Object.keys(s)
    .sort()
    .map((k) => `${k}=${typeof s[k] === 'bigint' ? hex(s[k] as bigint) : String(s[k])}`)
    .join(' ');
}

/**
 * Differences between the servers' trees (at most `limit`), empty when they all agree. The
 * /zookeeper subtree is left out: its nodes are made by each server for itself (/zookeeper/config
 * carries the time that server read its configuration), not replicated data.
 */
export function compareTrees(dumps: Map<number, TreeDump>, limit = 10): string[] {
  const ids = [...dumps.keys()].sort((a, b) => a - b);
  if (ids.length < 2) return [];
  const diffs: string[] = [];
  const base = dumps.get(ids[0]!)!;
  for (const id of ids.slice(1)) {
    const other = dumps.get(id)!;
    for (const [path, n] of base) {
      if (isSystemNode(path)) continue;
      const m = other.get(path);
      if (!m) diffs.push(`${path}: on server ${ids[0]}, missing on server ${id}`);
      else if (m.data !== n.data) diffs.push(`${path}: data differs between server ${ids[0]} and server ${id}`);
      else if (showStat(m) !== showStat(n)) diffs.push(`${path}: stat differs: server ${ids[0]} {${showStat(n)}} vs server ${id} {${showStat(m)}}`);
      if (diffs.length >= limit) return diffs;
    }
    for (const path of other.keys()) {
      if (!isSystemNode(path) && !base.has(path)) diffs.push(`${path}: on server ${id}, missing on server ${ids[0]}`);
      if (diffs.length >= limit) return diffs;
    }
  }
  return diffs;
}

function isSystemNode(path: string): boolean {
  return path === '/zookeeper' || path.startsWith('/zookeeper/');
}

/**
 * Acknowledged writes missing from a tree: sequential children (never deleted) that a create
 * returned, and set children whose add was acknowledged and that nobody may have removed since.
 */
export function lostWrites(ops: readonly HistoryOp[], tree: TreeDump): string[] {
  const lost: string[] = [];
  const removals = ops.filter((o) => o.kind === 'set' && (o.input as SetInput).f === 'remove' && o.outcome !== 'fail');
  for (const op of ops) {
    if (op.outcome !== 'ok') continue;
    if (op.kind === 'sequence' && op.input.f === 'create') {
      const parent = op.object.slice('seq '.length);
      const seq = (op.output as { seq: number }).seq;
      const name = `${parent}/n-${String(seq).padStart(10, '0')}`;
      if (!tree.has(name)) lost.push(`#${op.id} create-sequential acknowledged ${name}, which is not there`);
    }
    if (op.kind === 'set' && op.input.f === 'add') {
      const parent = op.object.slice('set '.length);
      const child = (op.input as { child: string }).child;
      if (tree.has(`${parent}/${child}`)) continue;
      const removedLater = removals.some((r) => r.object === op.object && (r.input as { child: string }).child === child && (r.ret === null || r.ret > op.call));
      if (!removedLater) lost.push(`#${op.id} add ${parent}/${child} acknowledged, no removal since, and it is not there`);
    }
  }
  return lost;
}

/** Sessions whose last seen zxid went backwards. */
export function zxidRegressions(sessions: readonly SessionRecord[]): string[] {
  const out: string[] = [];
  for (const s of sessions) {
    for (let i = 1; i < s.zxids.length; i++) {
      if (s.zxids[i]!.zxid < s.zxids[i - 1]!.zxid) {
        out.push(`session ${s.session} (client ${s.worker}): zxid ${hex(s.zxids[i - 1]!.zxid)} after #${s.zxids[i - 1]!.op}, then ${hex(s.zxids[i]!.zxid)} after #${s.zxids[i]!.op}`);
        break;
      }
    }
  }
  return out;
}

/** Ephemerals (paths under /chaos/e) still in a tree, with their owners. */
export function ephemeralsLeft(tree: TreeDump): string[] {
  const out: string[] = [];
  for (const [path, n] of tree) {
    if (path.startsWith('/chaos/e/') || (n.stat.ephemeralOwner !== undefined && n.stat.ephemeralOwner !== 0n)) {
      out.push(`${path} (owner ${hex(n.stat.ephemeralOwner)})`);
    }
  }
  return out;
}

/** Sequential suffixes of a tree's children of `parent` (for reports). */
export function suffixes(tree: TreeDump, parent: string): number[] {
  const out: number[] = [];
  for (const path of tree.keys()) if (path.startsWith(parent + '/')) out.push(suffixOf(path));
  return out.sort((a, b) => a - b);
}
