/**
 * Every input of the Zab cores as plain data (docs/architecture.md, "The core shape"). The
 * quorum peer hands a core one input at a time through its `step`, each carrying the time it
 * is handled at; nothing passed in is a closure, and nothing else changes a core's state:
 * `drain` only reads the effects out (so the peer ends each turn with `flush`, then drains).
 */
import type { Id } from '../wire/records.js';
import type { ForwardedRequest, LeaderMessage, LearnerMessage, SessionTouch } from '../wire/quorum.js';
import type { Txn } from '../wire/txn.js';
import type { LinkId, Sid } from './types.js';

/**
 * When an input is handled: monotonic milliseconds, for the cores' timeouts. The Zab cores need
 * no wall clock (a txn's time is set where it is prepared, by the peer).
 */
export interface ZabTime {
  readonly nowMs: number;
}

export type LeaderInput = ZabTime &
  (
    | { kind: 'linkUp'; link: LinkId }
    | { kind: 'linkDown'; link: LinkId }
    /** A message from a learner, decoded where it came off the link. */
    | { kind: 'fromLearner'; link: LinkId; packet: LearnerMessage }
    /** Replicate a prepared txn; its zxid is `nextZxid()`. */
    | { kind: 'propose'; txn: Txn }
    /** Storage made durable what an effect with this token asked for. */
    | { kind: 'persisted'; token: number }
    /** The end of the peer's turn: the proposals of the turn leave as one `persist` (group commit). */
    | { kind: 'flush' }
    /** A local client's sync: confirmed (`syncConfirmed`) once a quorum is known to follow us. */
    | { kind: 'sync'; id: bigint }
    /** The peer's answer to a learner's `revalidate` effect. */
    | { kind: 'revalidateAnswer'; link: LinkId; sessionId: bigint; valid: boolean }
    /**
     * Hand leadership to `successor` (null: the most caught-up synced follower). `step` answers
     * it at once with a `TransferStart`.
     */
    | { kind: 'startTransfer'; successor: Sid | null }
    | { kind: 'tick' }
    | { kind: 'stop'; reason: string }
  );

export type LearnerInput = ZabTime &
  (
    | { kind: 'linkUp' }
    | { kind: 'linkDown'; reason?: string }
    /**
     * A message from the leader, decoded where it came off the link. `touches`: the sessions our
     * clients touched since the last PING, which the answer to a PING reports (the peer takes
     * them when the message is a PING; empty otherwise).
     */
    | { kind: 'fromLeader'; packet: LeaderMessage; touches: SessionTouch[] }
    /** Storage made durable what an effect with this token asked for. */
    | { kind: 'persisted'; token: number }
    /** The end of the peer's turn: the proposals logged during the turn leave as one `persist`. */
    | { kind: 'flush' }
    /** A client's write (or session creation) for the leader to prepare. */
    | { kind: 'forward'; request: ForwardedRequest; authinfo: Id[] }
    /** Asks the leader whether a session is alive (answered by a `revalidated` effect). */
    | { kind: 'revalidate'; sessionId: bigint; timeout: number }
    /** A client's sync: answered by a `syncReady` effect. */
    | { kind: 'sync'; id: bigint }
    /**
     * Ask the leader to hand leadership over to us (the `rqld` word); `step` answers at once
     * whether the request was sent.
     */
    | { kind: 'requestLeadership' }
    | { kind: 'tick' }
    | { kind: 'stop'; reason: string }
  );
