/**
 * The election as the peer (and the simulator) drive it: one object per server process, with
 * either algorithm inside. It owns what both algorithms share: the datagram header (our sid,
 * incarnation and sequence numbers), the per-sender stale/duplicate filter, membership checks
 * and counters. Synchronous and deterministic: its one entry point, `step(input)`, takes an
 * `ElectionInput` (inputs.ts: plain data stamped with the time) and returns the effects.
 *
 * How a peer drives it:
 *
 *   const e = new Election({ algorithm, mySid, incarnation, members, rng });
 *   run(e.step({ kind: 'start', credentials, nowMs }));        // LOOKING
 *   on each datagram:  run(e.step({ kind: 'datagram', datagram, nowMs }));
 *   on each timer:     run(e.step({ kind: 'tick', nowMs }));  // at e.nextDeadlineMs() or a fixed beat
 *   on 'decided':      become LEADING / FOLLOWING / OBSERVING; the election keeps answering
 *                      other servers with that leader, so a restarted server rejoins it.
 *   after Zab sync:    run(e.step({ kind: 'established', peerEpoch, nowMs }));  // advertise it
 *   back to LOOKING:   run(e.step({ kind: 'start', credentials: fresh, nowMs })); // a new round
 *
 * where run() sends each 'send' effect's datagram to its server and logs 'log' effects.
 *
 * Inside, each algorithm keeps a method per input (`AlgorithmCore`, core.ts): this facade is
 * the core a runtime sees, and `step` is the only way in, so those methods are called from
 * here alone, with a datagram already filtered down to a message from a known sender.
 */
import type { Rng } from '../base/clock.js';
import { assertNever } from '../base/invariant.js';
import type { ElectionDatagram, ElectionMessage } from '../wire/election.js';
import { ClassicElection } from './classic/classic-election.js';
import { AlgorithmCore, CoreEffect, CoreOutput } from './core.js';
import { FastElection } from './fast/fast-election.js';
import type { ElectionInput } from './inputs.js';
import { MajorityQuorum } from '../base/quorum.js';
import { SenderFilter } from './sender-filter.js';
import {
  Credentials,
  DEFAULT_TIMING,
  ElectionAlgorithm,
  ElectionCounters,
  ElectionEffect,
  ElectionMember,
  ElectionTiming,
  PeerState,
  Sid,
  Successor,
  Vote,
} from './types.js';
import { atLeastAsRecent, formatVote, selfVote } from './vote.js';

export interface ElectionOptions {
  algorithm: ElectionAlgorithm;
  mySid: Sid;
  /** uint32, chosen by the runtime at process start (random), never reused by this server. */
  incarnation: number;
  members: readonly ElectionMember[];
  rng: Rng;
  timing?: Partial<ElectionTiming> | undefined;
}

export class Election {
  readonly algorithm: ElectionAlgorithm;
  readonly mySid: Sid;
  readonly incarnation: number;
  readonly quorum: MajorityQuorum;
  readonly counters: ElectionCounters = {
    sent: 0,
    received: 0,
    droppedStale: 0,
    droppedUnknownSender: 0,
    droppedWrongAlgorithm: 0,
  };
  private readonly core: AlgorithmCore;
  private readonly out = new CoreOutput();
  private readonly filter = new SenderFilter();
  private seq = 0;
  private readonly warnedWrongAlgorithm = new Set<Sid>();

  constructor(opts: ElectionOptions) {
    this.algorithm = opts.algorithm;
    this.mySid = opts.mySid;
    this.incarnation = opts.incarnation >>> 0;
    this.quorum = new MajorityQuorum(opts.members);
    if (!this.quorum.isMember(opts.mySid)) throw new RangeError(`server ${opts.mySid} is not in the configuration`);
    const ctx = {
      mySid: opts.mySid,
      myIncarnation: this.incarnation,
      quorum: this.quorum,
      timing: { ...DEFAULT_TIMING, ...opts.timing },
      rng: opts.rng,
      out: this.out,
    };
    this.core = opts.algorithm === 'basic' ? new ClassicElection(ctx) : new FastElection(ctx);
  }

  get state(): PeerState {
    return this.core.state;
  }

  /** The proposal while looking, the decided vote after; null before the first 'start'. */
  get vote(): Vote | null {
    return this.core.vote;
  }

  /**
   * Handles one input, at the time it carries, and returns its effects, sends already stamped
   * with our header. They are returned rather than queued for a `drain` as the Zab cores do:
   * the election batches nothing until the end of a turn (no group commit), and its runtimes
   * carry every effect out within the same input (the peer turns 'decided' into a role at
   * once), so there is nothing to hold. Stamping (the sequence number, the `sent` counter)
   * happens here, within the step: the array returned is the only copy, and reading it changes
   * nothing.
   */
  step(input: ElectionInput): ElectionEffect[] {
    switch (input.kind) {
      case 'start':
        this.start(input.credentials, input.nowMs, input.successor, input.lostLeader);
        break;
      case 'datagram':
        this.receive(input.datagram, input.nowMs);
        break;
      case 'tick':
        this.core.tick(input.nowMs);
        break;
      case 'established':
        this.core.setEstablished(input.peerEpoch);
        break;
      case 'stop':
        this.core.stop();
        break;
      default:
        assertNever(input, 'election input');
    }
    return this.flush();
  }

  /** The earliest time at which a 'tick' has something to do, or null. Reads only. */
  nextDeadlineMs(): number | null {
    return this.core.nextDeadlineMs();
  }

  /**
   * `successor`, `lostLeader`: see the 'start' input (inputs.ts). The successor is checked here,
   * so the cores may trust it; a lost leader that is ourselves or an observer changes nothing
   * (the fast core only ever counts it among the voters it has heard).
   */
  private start(cred: Credentials, nowMs: number, successor: Successor | undefined, lostLeader: Sid | undefined): void {
    let hint: Successor | undefined;
    if (successor) {
      if (!this.quorum.isVoter(successor.leader)) {
        this.out.log('warn', 'election.successor-ignored', { successor: successor.leader, reason: 'not a voter' });
      } else if (!atLeastAsRecent(successor, selfVote(this.mySid, cred))) {
        this.out.log('warn', 'election.successor-ignored', { successor: formatVote(successor), reason: 'behind us', ours: formatVote(selfVote(this.mySid, cred)) });
      } else {
        hint = successor;
      }
    }
    this.core.start(cred, nowMs, hint, lostLeader);
  }

  private receive(d: ElectionDatagram, nowMs: number): void {
    this.counters.received++;
    const { sid, incarnation, seq } = d.header;
    if (sid === this.mySid || !this.quorum.isMember(sid)) {
      this.counters.droppedUnknownSender++;
      this.out.log('debug', 'election.unknown-sender', { sid });
      return;
    }
    if (!this.speaksOurAlgorithm(d.message)) {
      this.counters.droppedWrongAlgorithm++;
      if (!this.warnedWrongAlgorithm.has(sid)) {
        this.warnedWrongAlgorithm.add(sid);
        this.out.log('warn', 'election.wrong-algorithm', { sid, type: d.message.type, ours: this.algorithm });
      }
      return;
    }
    const verdict = this.filter.admit(sid, incarnation, seq);
    if (verdict === 'stale') {
      this.counters.droppedStale++;
      return;
    }
    if (verdict === 'restarted') {
      this.out.log('info', 'election.sender-restarted', { sid, incarnation });
      this.core.senderRestarted(sid, nowMs);
    }
    this.core.receive(sid, d.message, { incarnation, seq }, nowMs);
  }

  private speaksOurAlgorithm(m: ElectionMessage): boolean {
    const classic = m.type === 'classic-query' || m.type === 'classic-reply';
    return classic === (this.algorithm === 'basic');
  }

  private flush(): ElectionEffect[] {
    return this.out.drain().map((e) => this.stamp(e));
  }

  private stamp(e: CoreEffect): ElectionEffect {
    if (e.kind !== 'send') return e;
    this.counters.sent++;
    this.seq++;
    return { kind: 'send', to: e.to, datagram: { header: { sid: this.mySid, incarnation: this.incarnation, seq: this.seq }, message: e.message } };
  }
}
