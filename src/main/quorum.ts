/** Wiring for a quorum member: storage, the peer core, its runtime and the client port. */
import type { Sid } from '../base/ids.js';
import { randomBytes } from 'node:crypto';
import type { ZkConfig } from '../config/index.js';
import { selfSpec } from '../config/index.js';
import { QuorumPeer, type QuorumPeerOptions } from '../peer/quorum-peer.js';
import { peerState } from '../peer/recording.js';
import { coreSnapshot } from '../peer/core-checkpoint.js';
import type { LogReader } from '../zab/types.js';
import { openRecording, type Recording, type RecordOptions } from './record.js';
import type { AdminInput } from '../peer/inputs.js';
import { PeerRuntime } from '../net/peer-runtime.js';
import type { FatalHandler } from '../net/core-runtime.js';
import { systemClock, systemRng } from '../net/clock.js';
import { installHopTraceFromEnv } from '../net/hop-trace-file.js';
import type { Logger } from '../base/log.js';
import { stampNow } from '../base/clock.js';
import type { LeadershipAnswer, MemberView, QuorumView, ServerMode } from '../server/commands.js';
import type { ServerSpec } from '../config/index.js';
import { createClientPort, logListening, type ClientPort } from './client-port.js';
import { NO_SECURITY, quorumSecurity, type LoadedSecurity } from './security.js';
import { createMetrics, startOperations, type OperationsSources } from './operations.js';
import { openServerStorage, replicaOptions, running, treeServedFromStorage, withOperations, type RunningServer } from './standalone.js';

/**
 * `onFatal` runs when storage failed or the core broke an invariant (the fatal line is already
 * logged and the runtime stopped): main exits the process, as ZooKeeper does on a storage
 * failure, so that the server can never be elected again.
 */
export async function startQuorumPeer(
  config: ZkConfig,
  myid: Sid,
  configFile: string,
  log: Logger,
  onFatal?: FatalHandler,
  security: LoadedSecurity = NO_SECURITY,
  record?: RecordOptions,
): Promise<RunningServer> {
  const self = selfSpec(config, myid)!;
  const trace = installHopTraceFromEnv(myid);
  if (trace) log.info(`hop trace on: ${trace}`);
  const { storage, loaded } = await openServerStorage(config, log, treeServedFromStorage(record !== undefined));
  const options: QuorumPeerOptions = {
    ...replicaOptions(config, myid),
    servers: config.servers,
    election: config.electionAlg,
    initLimit: config.initLimit,
    syncLimit: config.syncLimit,
    incarnation: randomBytes(4).readUInt32BE(0),
  };
  const start = stampNow(systemClock);
  let peer: QuorumPeer;
  // Recording: the start line first, then the reads the constructor makes of the log.
  const recording: Recording | null = record ? openRecording(record, log, (full) => peerState(peer, full), () => coreSnapshot(peer, 'quorum', options, reader)) : null;
  recording?.recorder.start({ mode: 'quorum', seed: recording.seed, options, loaded, time: start });
  const reader: LogReader = recording?.recorder.logReader(storage) ?? storage;
  peer = new QuorumPeer(options, recording?.rng ?? systemRng, reader, loaded, start);
  peer.recorder = recording?.recorder ?? null;
  log.info(
    `quorum member ${myid} of ${config.servers.map((s) => s.id).join(',')} (${self.role}), ${config.electionAlg} election; ` +
      `loaded epochs ${loaded.epochs.acceptedEpoch}/${loaded.epochs.currentEpoch}, applied 0x${loaded.lastApplied.toString(16)}, logged 0x${loaded.lastLogged.toString(16)}`,
  );
  let lookingSince: number | null = null;
  let port: ClientPort | null = null;
  const quorumStatus = () => ({
    epoch: peer.epoch,
    leader: peer.currentLeaderId ?? -1,
    quorumSize: config.servers.filter((s) => s.role === 'participant').length,
    learners: peer.leader
      ? peer.leader.learnerSids().map((l) => ({ sid: l.sid, observer: l.observer, synced: l.phase === 'synced', unacked: l.unacked }))
      : null,
  });
  const sources: OperationsSources = {
    myid,
    commandContext: () => port!.commandContext(),
    replica: () => peer.replica,
    peerState: () => peer.role,
    quorum: quorumStatus,
  };
  const metrics = await createMetrics(config, sources);
  const quorum = quorumSecurity(config, security, log);
  const runtime = new PeerRuntime(peer, storage, log, {
    quorumTls: quorum.tls,
    self,
    servers: config.servers,
    electionKey: config.electionKey,
    tickIntervalMs: 25,
    initLimitMs: config.initLimit * config.tickTime,
    logRetain: Math.max(1000, config.snapCount),
    onFatal,
    onRole: (role, serving) => {
      // election_time: from LOOKING until the election decided this server's role.
      if (role === 'looking') lookingSince ??= performance.now();
      else if (lookingSince !== null) {
        metrics?.electionDone(performance.now() - lookingSince);
        lookingSince = null;
      }
      if (!serving) server.closeAll('server is not serving');
      else logListening(server, log, ` as ${role === 'leading' ? 'leader' : role === 'following' ? 'follower' : 'observer'}`);
    },
  });
  const mode = (): ServerMode => (peer.role === 'leading' ? 'leader' : peer.role === 'following' ? 'follower' : peer.role === 'observing' ? 'observer' : 'looking');
  runtime.metrics = metrics;
  port = createClientPort(
    config,
    configFile,
    myid,
    storage,
    {
      replica: () => peer.replica,
      mode,
      serving: () => peer.isServing,
      outstanding: () => peer.replica.pending.size,
      electionAlgorithm: config.electionAlg,
      extraMonitor: () => [
        ['peer_state', `${peer.role}${peer.isServing ? ' - broadcast' : ''}`],
        ['election_algorithm', config.electionAlg],
        ['current_epoch', peer.epochs.currentEpoch],
        ...(peer.leader
          ? ([
              ['learners', peer.leader.learnerSids().length],
              ['synced_followers', peer.leader.syncedFollowers().length],
              ['quorum_size', config.servers.filter((s) => s.role === 'participant').length],
            ] as [string, number][])
          : []),
        ...Object.entries(runtime.electionStats()).map(([k, v]) => [`election_${k}`, v] as [string, number]),
      ],
      extraConf: () => [
        ['initLimit', config.initLimit],
        ['syncLimit', config.syncLimit],
        ['electionAlg', config.electionAlg === 'basic' ? 0 : 3],
        ['electionAlgorithm', config.electionAlg],
        ['electionPort', self.electionPort],
        ['quorumPort', self.quorumPort],
        ['peerType', self.role === 'observer' ? 1 : 0],
      ],
      quorum: () => quorumView(config, myid, peer),
      // The peer is driven through the runtime, so its effects (TAKEOVER, the election) go out.
      leadership: {
        transfer: (successor) => inRuntime(runtime, { kind: 'transferLeadership', successor }),
        request: () => inRuntime(runtime, { kind: 'requestLeadership' }),
      },
    },
    { submit: (input) => void runtime.submit(input) },
    log,
    metrics ?? undefined,
    security,
  );
  const server = port.server;
  runtime.setSink((e) => server.deliver(e));
  const address = await server.listen();
  await runtime.start();
  log.info(`client port ${address.host}:${address.port} open; clients are served once a leader is established`);
  const ops = await startOperations(config, sources, metrics, log);
  return running(address, withOperations(port, ops, quorum.close), runtime, storage, recording);
}

/** The membership and Zab state the admin commands show (leader, voting_view, zabstate, observers). */
function quorumView(config: ZkConfig, myid: number, peer: QuorumPeer): QuorumView {
  const member = (s: ServerSpec): MemberView => {
    const client = s.id === myid ? { host: config.clientPortAddress, port: config.clientPort } : s.clientPort !== undefined ? { host: s.clientHost ?? s.host, port: s.clientPort } : null;
    return {
      id: s.id,
      quorumAddress: hostPort(s.host, s.quorumPort),
      electionAddress: hostPort(s.host, s.electionPort),
      clientAddress: client ? hostPort(client.host, client.port) : '',
      learnerType: s.role,
    };
  };
  const members = config.servers.map(member);
  const leaderId = peer.currentLeaderId ?? -1;
  const leader = peer.leader;
  const learner = peer.learner;
  const zabState: QuorumView['zabState'] =
    peer.role === 'looking'
      ? 'election'
      : leader
        ? leader.epoch < 0 ? 'discovery' : leader.established ? 'broadcast' : 'synchronization'
        : peer.isServing ? 'broadcast' : learner && learner.epoch >= 0 ? 'synchronization' : 'discovery';
  return {
    myid,
    isLeader: peer.role === 'leading',
    leaderId,
    leaderAddress: config.servers.find((s) => s.id === leaderId)?.host ?? '',
    zabState,
    voting: selfSpec(config, myid)!.role === 'participant',
    self: members.find((m) => m.id === myid)!,
    members,
    // Per-link traffic counters are not kept for learners: -1 where ZooKeeper has a number.
    observers: () =>
      (leader?.learnerSids() ?? [])
        .filter((l) => l.observer && l.phase === 'synced')
        .map((l) => ({ sid: l.sid, remoteSocketAddress: '', establishedMs: -1, queuedPackets: -1, packetsReceived: -1, packetsSent: -1, requests: -1, lastZxid: -1n })),
  };
}

/** Hands the peer an operator's request as a runtime input (its effects are carried out) and returns its answer. */
function inRuntime(runtime: PeerRuntime, input: AdminInput): LeadershipAnswer {
  return runtime.submit(input) ?? { ok: false, message: 'the server is stopping' };
}

function hostPort(host: string, port: number): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`;
}
