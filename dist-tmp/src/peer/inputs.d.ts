/**
 * Every input of the serving cores as plain data (docs/architecture.md, "The core shape").
 * A runtime hands a core one input at a time through `step`, stamped with the time it arrived;
 * nothing a runtime passes in is a closure, so a run can be recorded and replayed
 * (docs/architecture.md, "Replaying a recording").
 */
import type { ConnectRequest, Id } from '../wire/records.js';
import type { Request } from '../wire/requests.js';
import type { LeaderMessage, LearnerMessage } from '../wire/quorum.js';
import type { ElectionDatagram } from '../wire/election.js';
import type { Txn } from '../wire/txn.js';
import type { ConnId } from '../pipeline/connections.js';
import type { LinkId } from '../zab/types.js';
import type { InputTime } from '../base/clock.js';
export type { InputTime };
/** An input with its arrival time. */
export type Stamped<I> = I & InputTime;
/** What a client connection asks of the core (src/server/ submits these). */
export type ClientInput = {
    kind: 'connect';
    conn: ConnId;
    remoteAddress: string;
    req: ConnectRequest;
} | {
    kind: 'request';
    conn: ConnId;
    xid: number;
    req: Request;
} | {
    kind: 'disconnect';
    conn: ConnId;
} | {
    kind: 'addAuth';
    conn: ConnId;
    id: Id;
};
/** Storage's answer to an effect that carried a token. */
export type DurabilityInput = {
    kind: 'persisted';
    token: number;
} | {
    kind: 'persistFailed';
    token: number;
    reason: string;
};
/**
 * The end of the runtime's turn: the core releases what it batched during the turn (one
 * `persist` for all the writes of the turn: group commit) and settles the effects of its parts
 * (the Zab cores' commits, role changes). The runtime then drains, which changes nothing.
 */
export type FlushInput = {
    kind: 'flush';
};
export type StandaloneInput = ClientInput | DurabilityInput | FlushInput | {
    kind: 'tick';
}
/** Start-up: the logged txns after the stored state (in standalone, everything logged is committed). */
 | {
    kind: 'replayLog';
    txns: Txn[];
};
/** Operators' requests (the admin port's leadership commands); `step` answers them at once. */
export type AdminInput = {
    kind: 'transferLeadership';
    successor: number | null;
} | {
    kind: 'requestLeadership';
};
export type PeerInput = ClientInput | DurabilityInput | FlushInput | AdminInput | {
    kind: 'start';
} | {
    kind: 'tick';
} | {
    kind: 'electionDatagram';
    datagram: ElectionDatagram;
} | {
    kind: 'fromLeader';
    packet: LeaderMessage;
} | {
    kind: 'fromLearner';
    link: LinkId;
    packet: LearnerMessage;
} | {
    kind: 'learnerLinkUp';
    link: LinkId;
} | {
    kind: 'learnerLinkDown';
    link: LinkId;
} | {
    kind: 'leaderLinkUp';
} | {
    kind: 'leaderLinkDown';
    reason?: string;
};
/**
 * The time of the input being handled, shared read-only with the parts a core composes (the
 * replica, the Zab cores). Only the owning core's `step` moves it.
 */
export declare class StepTime implements InputTime {
    nowMs: number;
    wallMs: number;
    constructor(start: InputTime);
    set(t: InputTime): void;
}
