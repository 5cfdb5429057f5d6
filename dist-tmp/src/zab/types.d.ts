/** What the Zab cores share with the peer that drives them. */
import type { LogLevel } from '../base/log.js';
import type { Epochs, LogEntry } from '../storage/api.js';
import type { Id } from '../wire/records.js';
import type { ForwardedRequest, LeaderMessage, LearnerMessage, SessionTouch, SnapChunk } from '../wire/quorum.js';
import type { Txn } from '../wire/txn.js';
export type Sid = number;
/** The server a leader hands leadership to, with the history it holds: a vote for it. */
export interface Successor {
    leader: Sid;
    zxid: bigint;
    peerEpoch: number;
}
/**
 * A peer broke the protocol (a message out of order, or not fitting this core's state). The
 * core that receives it drops that one link, as the link's boundary does for a frame that does
 * not decode (src/wire/quorum.ts); any other error escaping a core's receive is a bug and stops
 * the server (docs/architecture.md, "Invariants").
 */
export declare class ProtocolError extends Error {
    name: string;
}
export type LinkId = number;
export interface ZabTiming {
    tickTime: number;
    /** Ticks allowed for discovery + sync. */
    initLimit: number;
    /** Ticks a peer may stay silent once synced. */
    syncLimit: number;
}
/** Read access to the local log (synchronous: LMDB reads are, and so is the simulator's store). */
export interface LogReader {
    readLog(fromExclusive: bigint, toInclusive?: bigint, maxBytes?: number): LogEntry[];
    firstLogged(): bigint | null;
}
/** Effects both cores produce; each core adds its own. */
export type CommonEffect = {
    kind: 'persist';
    token: number;
    txns: Txn[];
} | {
    kind: 'persistEpochs';
    token: number;
    epochs: Epochs;
}
/** Apply committed txns (in zxid order). */
 | {
    kind: 'commit';
    txns: Txn[];
} | {
    kind: 'log';
    level: LogLevel;
    message: string;
};
export type LeaderEffect = CommonEffect | {
    kind: 'send';
    link: LinkId;
    packet: LeaderMessage;
} | {
    kind: 'close';
    link: LinkId;
    reason: string;
}
/**
 * Stream a snapshot of the replica's state to the link: the state as it stands at this point
 * of the effects, which is `zxid` (the peer checks). Packets sent to the link afterwards
 * queue behind it (src/peer/sync-stream.ts).
 */
 | {
    kind: 'snapshot';
    link: LinkId;
    zxid: bigint;
}
/** Stream the leader's log entries with from < zxid <= to to the link, behind what streams there already. */
 | {
    kind: 'streamLog';
    link: LinkId;
    from: bigint;
    to: bigint;
} | {
    kind: 'established';
    epoch: number;
}
/**
 * The leader stopped. `successor`: it handed leadership over (TAKEOVER sent to every synced
 * learner); the peer's election starts voting for it.
 */
 | {
    kind: 'stepDown';
    reason: string;
    successor?: Successor;
}
/** A leadership transfer ended without a handover: proposals resume (held writes go out). */
 | {
    kind: 'transferAborted';
    successor: Sid;
    reason: string;
} | {
    kind: 'forwarded';
    link: LinkId;
    request: ForwardedRequest;
    authinfo: Id[];
} | {
    kind: 'touches';
    touches: SessionTouch[];
} | {
    kind: 'revalidate';
    link: LinkId;
    sessionId: bigint;
    timeout: number;
} | {
    kind: 'syncConfirmed';
    id: bigint;
    zxid: bigint;
};
export type LearnerEffect = CommonEffect | {
    kind: 'send';
    link: LinkId;
    packet: LearnerMessage;
} | {
    kind: 'connect';
    leader: Sid;
} | {
    kind: 'disconnect';
    reason: string;
} | {
    kind: 'truncate';
    token: number;
    zxid: bigint;
} | {
    kind: 'replaceState';
    token: number;
    lastApplied: bigint;
    chunks: SnapChunk[];
}
/** Synced and up to date: serve clients. */
 | {
    kind: 'uptodate';
    epoch: number;
}
/** `successor`: the leader handed leadership over (TAKEOVER); vote for it. */
 | {
    kind: 'lost';
    reason: string;
    successor?: Successor;
} | {
    kind: 'revalidated';
    sessionId: bigint;
    valid: boolean;
} | {
    kind: 'syncReady';
    id: bigint;
    zxid: bigint;
};
