/**
 * The election as the peer (and the simulator) drive it: one object per server process, with
 * either algorithm inside. It owns what both algorithms share: the datagram header (our sid,
 * incarnation and sequence numbers), the per-sender stale/duplicate filter, membership checks
 * and counters. Synchronous and deterministic: every method returns the effects to carry out.
 *
 * How a peer drives it:
 *
 *   const e = new Election({ algorithm, mySid, incarnation, members, rng });
 *   run(e.start({ currentEpoch, lastLoggedZxid }, now));       // LOOKING
 *   on each datagram:  run(e.receive(datagram, now));
 *   on each timer:     run(e.tick(now));                        // at e.nextDeadlineMs() or a fixed beat
 *   on 'decided':      become LEADING / FOLLOWING / OBSERVING; the election keeps answering
 *                      other servers with that leader, so a restarted server rejoins it.
 *   after Zab sync:    run(e.setEstablished(newEpoch, now));    // advertise the new epoch
 *   back to LOOKING:   run(e.start(freshCredentials, now));     // a new round
 *
 * where run() sends each 'send' effect's datagram to its server and logs 'log' effects.
 */
import type { Rng } from '../base/clock.js';
import type { ElectionDatagram, ElectionMessage } from '../wire/election.js';
import { ClassicElection } from './classic/classic-election.js';
import { AlgorithmCore, CoreEffect, CoreOutput } from './core.js';
import { FastElection } from './fast/fast-election.js';
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

  /** The proposal while looking, the decided vote after; null before start(). */
  get vote(): Vote | null {
    return this.core.vote;
  }

  /**
   * Enter LOOKING with our durable credentials; also the way back after leaving a role.
   * `successor`: the leader handed leadership to this server (a TAKEOVER): vote for it from the
   * start, and rank it first among equally recent candidates. Ignored, with a warning, when it
   * is not a voter or holds less history than we do (then it must not win; the ordinary
   * election decides).
   */
  start(cred: Credentials, nowMs: number, successor?: Successor): ElectionEffect[] {
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
    this.core.start(cred, nowMs, hint);
    return this.flush();
  }

  receive(d: ElectionDatagram, nowMs: number): ElectionEffect[] {
    this.counters.received++;
    const { sid, incarnation, seq } = d.header;
    if (sid === this.mySid || !this.quorum.isMember(sid)) {
      this.counters.droppedUnknownSender++;
      this.out.log('debug', 'election.unknown-sender', { sid });
      return this.flush();
    }
    if (!this.speaksOurAlgorithm(d.message)) {
      this.counters.droppedWrongAlgorithm++;
      if (!this.warnedWrongAlgorithm.has(sid)) {
        this.warnedWrongAlgorithm.add(sid);
        this.out.log('warn', 'election.wrong-algorithm', { sid, type: d.message.type, ours: this.algorithm });
      }
      return this.flush();
    }
    const verdict = this.filter.admit(sid, incarnation, seq);
    if (verdict === 'stale') {
      this.counters.droppedStale++;
      return this.flush();
    }
    if (verdict === 'restarted') {
      this.out.log('info', 'election.sender-restarted', { sid, incarnation });
      this.core.senderRestarted(sid, nowMs);
    }
    this.core.receive(sid, d.message, { incarnation, seq }, nowMs);
    return this.flush();
  }

  tick(nowMs: number): ElectionEffect[] {
    this.core.tick(nowMs);
    return this.flush();
  }

  /** Zab established `peerEpoch` with the leader we decided on: advertise it from now on. */
  setEstablished(peerEpoch: number): ElectionEffect[] {
    this.core.setEstablished(peerEpoch);
    return this.flush();
  }

  /** Shut down: stop sending and answering until the next start(). */
  stop(): ElectionEffect[] {
    this.core.stop();
    return this.flush();
  }

  nextDeadlineMs(): number | null {
    return this.core.nextDeadlineMs();
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
