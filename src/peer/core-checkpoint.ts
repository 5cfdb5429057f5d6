/**
 * Checkpoints of a whole `QuorumPeer` or `StandaloneCore` (src/peer/checkpoint.ts), from which a
 * replay rebuilds the same core (docs/architecture.md, "Replaying a recording").
 *
 * The classes a checkpoint may hold are every class exported by the modules the cores are made
 * of, by module and export name. A class a core holds that is not exported from one of these
 * modules makes the checkpoint refuse, loudly, naming it.
 */
import * as clock from '../base/clock.js';
import * as queue from '../base/queue.js';
import * as quorum from '../base/quorum.js';
import { ZERO_ZXID } from '../base/zxid.js';
import * as dataTree from '../tree/data-tree.js';
import * as watches from '../tree/watches.js';
import * as znode from '../tree/znode.js';
import * as expiry from '../session/expiry.js';
import * as sessions from '../session/sessions.js';
import * as pending from '../pipeline/pending.js';
import * as electionCore from '../election/core.js';
import * as election from '../election/election.js';
import * as senderFilter from '../election/sender-filter.js';
import * as classic from '../election/classic/classic-election.js';
import * as fast from '../election/fast/fast-election.js';
import * as outbox from '../election/fast/outbox.js';
import * as leader from '../zab/leader.js';
import * as learner from '../zab/learner.js';
import * as zabTypes from '../zab/types.js';
import * as inputs from './inputs.js';
import * as quorumPeer from './quorum-peer.js';
import * as replica from './replica.js';
import * as standalone from './standalone.js';
import * as syncStream from './sync-stream.js';
import { ClassRegistry, decodeGraph, encodeGraph, type EncodedGraph, type KnownClosure } from './checkpoint.js';
import type { QuorumPeerOptions } from './quorum-peer.js';
import type { StandaloneOptions } from './standalone.js';
import type { LogReader } from '../zab/types.js';
import type { CoreSnapshot } from './recording.js';

export const CORE_CLASSES = new ClassRegistry()
  .addModule('base/clock', clock)
  .addModule('base/queue', queue)
  .addModule('base/quorum', quorum)
  .addModule('tree/data-tree', dataTree)
  .addModule('tree/watches', watches)
  .addModule('tree/znode', znode)
  .addModule('session/expiry', expiry)
  .addModule('session/sessions', sessions)
  .addModule('pipeline/pending', pending)
  .addModule('election/core', electionCore)
  .addModule('election/election', election)
  .addModule('election/sender-filter', senderFilter)
  .addModule('election/classic', classic)
  .addModule('election/fast', fast)
  .addModule('election/fast/outbox', outbox)
  .addModule('zab/leader', leader)
  .addModule('zab/learner', learner)
  .addModule('zab/types', zabTypes)
  .addModule('peer/inputs', inputs)
  .addModule('peer/quorum-peer', quorumPeer)
  .addModule('peer/replica', replica)
  .addModule('peer/standalone', standalone)
  .addModule('peer/sync-stream', syncStream);

export type CoreMode = 'quorum' | 'standalone';
export type Core = quorumPeer.QuorumPeer | standalone.StandaloneCore;

/** What a core holds but does not own, by the names a checkpoint gives them. */
export interface CoreExternals {
  /** The peer's log reader (a quorum peer only). */
  log?: LogReader | undefined;
  /** `core.recorder`. */
  recorder?: unknown;
}

const EMPTY = { nodes: [], sessions: [], lastApplied: ZERO_ZXID, lastLogged: ZERO_ZXID, epochs: { acceptedEpoch: 0, currentEpoch: 0 } };
const NO_LOG: LogReader = { readLog: () => [], firstLogged: () => null };

/**
 * A core freshly built with these options: the closures it makes at construction are the ones a
 * checkpoint may keep (src/peer/checkpoint.ts). Its Rng and state are overwritten by a restore.
 */
function template(mode: CoreMode, options: unknown): Core {
  const time = { nowMs: 0, wallMs: 0 };
  return mode === 'quorum'
    ? new quorumPeer.QuorumPeer(options as QuorumPeerOptions, new clock.SeededRng(0), NO_LOG, EMPTY, time)
    : new standalone.StandaloneCore(options as StandaloneOptions, new clock.SeededRng(0), time, EMPTY);
}

/**
 * Closures a core makes after construction, rebuilt from the root. Each is named by its path and
 * exact source, so that a changed one is refused (and fails test/unit/checkpoint.test.ts)
 * instead of being rebuilt wrong. Keep this list short: a core's state should be data.
 */
const CLOSURES: KnownClosure[] = [
  // None today: the learner's session touches arrive in its `fromLeader` input (src/zab/inputs.ts).
];

function externalsByObject(ext: CoreExternals): Map<unknown, string> {
  const m = new Map<unknown, string>();
  if (ext.log !== undefined) m.set(ext.log, 'log');
  if (ext.recorder !== undefined && ext.recorder !== null) m.set(ext.recorder, 'recorder');
  return m;
}

/** The whole core as JSON-able data; throws CheckpointError when it holds what cannot be rebuilt. */
export function checkpointCore(core: Core, mode: CoreMode, options: unknown, ext: CoreExternals): EncodedGraph {
  return encodeGraph(core, { classes: CORE_CLASSES, externals: externalsByObject(ext), template: template(mode, options), closures: CLOSURES });
}

/** Rebuilds a core from `checkpointCore`'s output, with its externals handed in. */
export function restoreCore(graph: EncodedGraph, mode: CoreMode, options: unknown, ext: CoreExternals): Core {
  const externals = new Map<string, unknown>([
    ['log', ext.log],
    ['recorder', ext.recorder ?? null],
  ]);
  const core = decodeGraph(graph, { classes: CORE_CLASSES, externals, template: template(mode, options), closures: CLOSURES });
  const want = mode === 'quorum' ? quorumPeer.QuorumPeer : standalone.StandaloneCore;
  if (!(core instanceof want)) throw new Error(`the checkpoint does not hold a ${want.name}`);
  return core;
}

/** What a recorder writes at the head of a new segment (src/peer/recording.ts). */
export function coreSnapshot(core: Core, mode: CoreMode, options: unknown, log?: LogReader): CoreSnapshot {
  return { mode, options, core: checkpointCore(core, mode, options, { log, recorder: core.recorder }) };
}
