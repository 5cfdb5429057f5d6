/**
 * The vocabulary shared by both election cores, the UDP adapter, the simulator and (later) the
 * peer role machine. Server ids are JS numbers: config/ validates `server.N` to 1..255, and
 * the wire carries them as int64.
 */
import type { Zxid } from '../base/zxid.js';
import type { ElectionAlgorithm, ServerSpec } from '../config/types.js';
import type { ElectionDatagram, ElectionMessage, WireState, WireVote } from '../wire/election.js';

export type { ElectionAlgorithm, ElectionDatagram, ElectionMessage, WireState };

import type { Sid } from '../base/ids.js';

export type { Sid };

/** Only the parts of a `server.N` line that an election needs. */
export type ElectionMember = Pick<ServerSpec, 'id' | 'role'>;

/**
 * A vote names a candidate with the candidate's own credentials. Ordered by
 * (peerEpoch, zxid, leader): see vote.ts.
 */
export type Vote = WireVote;

/** What a server knows about itself when it starts an election (both durable). */
export interface Credentials {
  currentEpoch: number;
  lastLoggedZxid: Zxid;
}

/**
 * The successor a leader named when it handed leadership over (the TAKEOVER packet): its sid
 * and the history it holds, (peerEpoch, zxid). An election started with one votes for it from
 * the start and ranks it first among candidates with the same history.
 */
export type Successor = Vote;

/** idle: never started, or stopped. looking: electing. The other three: decided. */
export type PeerState = 'idle' | 'looking' | 'following' | 'leading' | 'observing';
export type SettledState = 'following' | 'leading' | 'observing';

export interface ElectionTiming {
  /** fast: how long a quorum for our proposal must stand unchallenged before we decide. */
  finalizeWaitMs: number;
  /**
   * fast: the wait instead when the only voter not heard is the leader we just lost: it crashed,
   * or it is alive and its LOOKING notice (often the best vote) is milliseconds away.
   */
  lostLeaderWaitMs: number;
  /** fast: first re-send interval for a peer; doubles per re-send. */
  minNotificationIntervalMs: number;
  /** fast: the cap of that doubling (ZooKeeper's maxNotificationInterval, 60 s). */
  maxNotificationIntervalMs: number;
  /** classic: how long a poll round waits for replies (ZooKeeper: 200 ms per peer, serially). */
  pollTimeoutMs: number;
  /** classic: the pause between two undecided rounds (ZooKeeper: 1000 ms). */
  pollPauseMs: number;
}

export const DEFAULT_TIMING: Readonly<ElectionTiming> = {
  finalizeWaitMs: 200,
  lostLeaderWaitMs: 20,
  minNotificationIntervalMs: 200,
  maxNotificationIntervalMs: 60_000,
  pollTimeoutMs: 200,
  pollPauseMs: 1000,
};

/**
 * One vote that counted towards a decision, and the datagram that carried it, so that a log or
 * a checker can trace the decision back to what each supporter actually said. The decider's own
 * vote has `seq: null`.
 */
export interface Support {
  sid: Sid;
  state: WireState;
  incarnation: number;
  seq: number | null;
}

export interface Decision {
  state: SettledState;
  leader: Sid;
  /** The winning vote: the leader's (peerEpoch, zxid) as the electorate saw it. */
  vote: Vote;
  /**
   * 'quorum': a quorum of servers voted for this vote in one election (the leader is the
   * best among them). 'established': we joined a leader that already leads (its own LEADING
   * message, or reply, plus a quorum of servers that settled on it).
   */
  via: 'quorum' | 'established';
  /** fast: the logical clock of the decision; classic: the number of the deciding poll. */
  round: number;
  /** fast: distinct rounds this election went through; classic: poll rounds. */
  rounds: number;
  /** Virtual (or real) time from the 'start' input to the decision. */
  elapsedMs: number;
  support: Support[];
}

export type LogLevel = 'debug' | 'info' | 'warn';
export type LogFields = Record<string, string | number | boolean>;

export type ElectionEffect =
  | { kind: 'send'; to: Sid; datagram: ElectionDatagram }
  | { kind: 'decided'; decision: Decision }
  | { kind: 'log'; level: LogLevel; event: string; fields: LogFields };

export interface ElectionCounters {
  /** Datagrams handed out as send effects. */
  sent: number;
  /** Datagrams handed in ('datagram' inputs). */
  received: number;
  /** Not newer than the last accepted from that sender, or from a retired incarnation. */
  droppedStale: number;
  /** From an id that is not in the configuration (or from ourselves). */
  droppedUnknownSender: number;
  /** A message of the other algorithm: a misconfigured ensemble. */
  droppedWrongAlgorithm: number;
}
