/**
 * Every input of the election as plain data (docs/architecture.md, "The core shape"). A runtime
 * hands the `Election` one input at a time through its `step`, stamped with the time it is
 * handled at; nothing passed in is a closure, and nothing else changes the election's state.
 */
import type { ElectionDatagram } from '../wire/election.js';
import type { Credentials, Sid, Successor } from './types.js';

/**
 * When an input is handled: monotonic milliseconds, for the election's timeouts (it needs no
 * wall clock).
 */
export interface ElectionTime {
  readonly nowMs: number;
}

export type ElectionInput = ElectionTime &
  (
    /**
     * Enter LOOKING with our durable credentials; also the way back after leaving a role.
     * `successor`: the leader handed leadership to this server (a TAKEOVER): vote for it from
     * the start, and rank it first among equally recent candidates. Ignored, with a warning,
     * when it is not a voter or holds less history than we do (then it must not win; the
     * ordinary election decides).
     * `lostLeader`: the leader this server followed until its link to it broke (docs/architecture.md,
     * "Elections over UDP"): when only its vote is missing, the fast election waits
     * `lostLeaderWaitMs` (20 ms) for it instead of the finalize wait.
     */
    | { kind: 'start'; credentials: Credentials; successor?: Successor | undefined; lostLeader?: Sid | undefined }
    /** A datagram from another server's election, decoded (and authenticated) by the transport. */
    | { kind: 'datagram'; datagram: ElectionDatagram }
    /** Time passed: resend, time a round out (at `nextDeadlineMs()`, or on a fixed beat). */
    | { kind: 'tick' }
    /** Zab established `peerEpoch` with the leader we decided on: advertise it from now on. */
    | { kind: 'established'; peerEpoch: number }
    /** Shut down: stop sending and answering until the next `start`. */
    | { kind: 'stop' }
  );
