/**
 * A simulated server running the real election core (through the real datagram codec) and the
 * Zab stand-in of zab-stub.ts, composed as QuorumPeer composes the real cores: LOOKING runs
 * the election; a decision starts a leader or follower; losing the leader or the quorum starts
 * a new election with fresh credentials.
 */
import { assertNever } from '../base/invariant.js';
import type { Rng } from '../base/clock.js';
import { DecodeError } from '../wire/jute.js';
import { decodeElectionDatagram, encodeElectionDatagram } from '../wire/election.js';
import { Election } from '../election/election.js';
import type { Credentials, Decision, ElectionAlgorithm, ElectionEffect, ElectionMember, ElectionTiming, Vote } from '../election/types.js';
import { formatVote, selfVote } from '../election/vote.js';
import type { ElectionChecker } from './checker.js';
import type { Packet, Sid } from './network.js';
import type { NodeHost, SimNode } from './node.js';
import { describeStub, FollowerStub, LeaderStub, Persisted, StubEnv, StubMessage, StubTiming } from './zab-stub.js';

export interface ElectionNodeConfig {
  algorithm: ElectionAlgorithm;
  members: readonly ElectionMember[];
  timing: Partial<ElectionTiming>;
  stub: StubTiming;
  verbose: boolean;
}

export class ElectionNode implements SimNode {
  up = false;
  election: Election | null = null;
  /** The last decision of the current process, while it holds (cleared on LOOKING). */
  decision: Decision | null = null;
  /** The epoch the Zab stand-in established (leader) or synced in (follower), while it holds. */
  establishedEpoch: number | null = null;
  malformed = 0;
  private host: NodeHost | null = null;
  private leader: LeaderStub | null = null;
  private follower: FollowerStub | null = null;
  private nextBeatAtMs = 0;
  private readonly logLines: string[] = [];

  constructor(
    readonly sid: Sid,
    private readonly config: ElectionNodeConfig,
    readonly persisted: Persisted,
    private readonly rng: Rng,
    private readonly checker: ElectionChecker,
  ) {}

  get credentials(): Credentials {
    return { currentEpoch: this.persisted.currentEpoch, lastLoggedZxid: this.persisted.lastZxid };
  }

  get ownVote(): Vote {
    return selfVote(this.sid, this.credentials);
  }

  get role(): string {
    return this.up ? (this.election?.state ?? 'idle') : 'down';
  }

  /** Log effects of the cores, kept only in verbose runs. */
  drainLog(): string[] {
    return this.logLines.splice(0);
  }

  boot(host: NodeHost): void {
    this.host = host;
    this.up = true;
    const incarnation = (this.rng.int(0x100000000) >>> 0) || 1;
    this.election = new Election({
      algorithm: this.config.algorithm,
      mySid: this.sid,
      incarnation,
      members: this.config.members,
      rng: this.rng,
      timing: this.config.timing,
    });
    host.note(`boot ${this.sid} inc ${incarnation} ${formatVote(this.ownVote)}`);
    this.nextBeatAtMs = host.nowMs + this.config.stub.tickMs;
    this.lookForLeader();
  }

  crash(): void {
    this.up = false;
    this.election = null;
    this.leader = null;
    this.follower = null;
    this.decision = null;
    this.establishedEpoch = null;
  }

  receive(from: Sid, packet: Packet): void {
    if (!this.up) return;
    if (packet.kind === 'stream') {
      const m = packet.message as StubMessage;
      (this.leader ?? this.follower)?.receive(from, m, this.now);
    } else {
      let decoded;
      try {
        decoded = decodeElectionDatagram(packet.bytes);
      } catch (e) {
        if (!(e instanceof DecodeError)) throw e; // the codec promises DecodeError only
        this.malformed++;
        return;
      }
      this.run(this.election!.step({ kind: 'datagram', datagram: decoded.datagram, nowMs: this.now }));
    }
    this.scheduleWake();
  }

  wake(): void {
    if (!this.up) return;
    this.run(this.election!.step({ kind: 'tick', nowMs: this.now }));
    if (this.now >= this.nextBeatAtMs) {
      this.nextBeatAtMs = this.now + this.config.stub.tickMs;
      (this.leader ?? this.follower)?.beat(this.now);
    }
    this.scheduleWake();
  }

  private get now(): number {
    return this.host!.nowMs;
  }

  /** `lostLeader`: the leader a follower stub lost (the election's 'start' input). */
  private lookForLeader(lostLeader?: Sid): void {
    this.leader = null;
    this.follower = null;
    this.decision = null;
    this.establishedEpoch = null;
    this.checker.electionStarted(this.ownVote);
    this.run(this.election!.step({ kind: 'start', credentials: this.credentials, lostLeader, nowMs: this.now }));
    this.scheduleWake();
  }

  private scheduleWake(): void {
    const host = this.host!;
    const deadline = this.election?.nextDeadlineMs() ?? null;
    if (deadline !== null) host.wakeAt(deadline);
    if (this.leader !== null || this.follower !== null) host.wakeAt(this.nextBeatAtMs);
  }

  private run(effects: ElectionEffect[]): void {
    for (const e of effects) {
      switch (e.kind) {
        case 'send': {
          const h = e.datagram.header;
          const m = e.datagram.message;
          const said = m.type === 'fast-notification' || m.type === 'fast-ack' ? { state: m.notice.state, vote: m.notice.vote } : undefined;
          this.checker.sent(this.sid, h.incarnation, h.seq, this.ownVote, said);
          this.host!.send(e.to, { kind: 'datagram', bytes: encodeElectionDatagram(e.datagram) });
          break;
        }
        case 'decided':
          this.onDecided(e.decision);
          break;
        case 'log':
          if (this.config.verbose) {
            const fields = Object.entries(e.fields).map(([k, v]) => `${k}=${v}`).join(' ');
            this.logLines.push(`${this.now} s${this.sid} ${e.level} ${e.event} ${fields}`);
          }
          break;
        default:
          assertNever(e, 'election effect');
      }
    }
  }

  private onDecided(d: Decision): void {
    this.decision = d;
    this.host!.note(`decided ${this.sid} ${d.state} ${formatVote(d.vote)} via ${d.via} round ${d.round}`);
    this.checker.decided(this.now, this.sid, d, this.ownVote);
    this.checker.advertised(this.sid, d.vote, d.state === 'leading');
    const env = this.stubEnv();
    if (d.state === 'leading') this.leader = new LeaderStub(env, this.now);
    else this.follower = new FollowerStub(env, d.leader, this.now);
  }

  private stubEnv(): StubEnv {
    return {
      mySid: this.sid,
      quorum: this.election!.quorum,
      timing: this.config.stub,
      persisted: this.persisted,
      send: (to, m) => this.host!.send(to, { kind: 'stream', message: m, text: describeStub(m) }),
      established: (epoch) => this.onEstablished(epoch),
      lost: (reason) => {
        this.host!.note(`lost ${this.sid}: ${reason}`);
        this.lookForLeader(this.decision && this.decision.state !== 'leading' ? this.decision.leader : undefined);
      },
    };
  }

  private onEstablished(epoch: number): void {
    const election = this.election!;
    this.establishedEpoch = epoch;
    this.run(election.step({ kind: 'established', peerEpoch: epoch, nowMs: this.now }));
    const leading = election.state === 'leading';
    this.checker.advertised(this.sid, election.vote!, leading);
    if (leading) {
      this.host!.note(`established ${this.sid} epoch ${epoch}`);
      this.checker.established(this.now, this.sid, epoch);
    }
  }
}
