/**
 * The contract between the Election facade (election.ts) and the two algorithm cores. A core
 * sees messages already filtered (known sender, newest from it, right algorithm) and speaks in
 * message bodies; the facade stamps headers and counts.
 */
import type { Rng } from '../base/clock.js';
import type { ElectionMessage } from '../wire/election.js';
import type { MajorityQuorum } from '../base/quorum.js';
import type { Credentials, Decision, ElectionTiming, LogFields, LogLevel, PeerState, Sid, Successor, Vote } from './types.js';
import { formatVote } from './vote.js';

/** Where a message came from: the sender process and its sequence number. */
export interface MessageMeta {
  incarnation: number;
  seq: number;
}

export type CoreEffect =
  | { kind: 'send'; to: Sid; message: ElectionMessage }
  | { kind: 'decided'; decision: Decision }
  | { kind: 'log'; level: LogLevel; event: string; fields: LogFields };

/** Collects a core's effects during one input; the facade drains it after each call. */
export class CoreOutput {
  private effects: CoreEffect[] = [];

  send(to: Sid, message: ElectionMessage): void {
    this.effects.push({ kind: 'send', to, message });
  }

  decided(decision: Decision): void {
    this.effects.push({ kind: 'decided', decision });
  }

  log(level: LogLevel, event: string, fields: LogFields = {}): void {
    this.effects.push({ kind: 'log', level, event, fields });
  }

  drain(): CoreEffect[] {
    const out = this.effects;
    this.effects = [];
    return out;
  }
}

export interface CoreContext {
  mySid: Sid;
  myIncarnation: number;
  quorum: MajorityQuorum;
  timing: ElectionTiming;
  rng: Rng;
  out: CoreOutput;
}

export interface AlgorithmCore {
  readonly state: PeerState;
  /** Our current word: the proposal while looking, the settled vote after deciding. */
  readonly vote: Vote | null;
  /**
   * `successor`: already checked by the facade (a voter, at least as recent as we are).
   * `lostLeader`: the leader we followed until our link to it broke.
   */
  start(cred: Credentials, nowMs: number, successor?: Successor, lostLeader?: Sid): void;
  receive(from: Sid, message: ElectionMessage, meta: MessageMeta, nowMs: number): void;
  /** The sender runs a new process: whatever its predecessor told us is void. */
  senderRestarted(from: Sid, nowMs: number): void;
  tick(nowMs: number): void;
  setEstablished(peerEpoch: number): void;
  stop(): void;
  /** The earliest time at which tick() has something to do, or null. */
  nextDeadlineMs(): number | null;
}

/** Builds a decision, logs it once and emits it: the same for both algorithms. */
export function announceDecision(out: CoreOutput, decision: Decision): void {
  out.log('info', 'election.decided', {
    state: decision.state,
    leader: decision.leader,
    vote: formatVote(decision.vote),
    via: decision.via,
    round: decision.round,
    elapsedMs: decision.elapsedMs,
    support: decision.support.map((s) => s.sid).join(','),
  });
  out.decided(decision);
}
