/** Wiring for a quorum member: storage, the peer core, its runtime and the client port. */
import { randomBytes } from 'node:crypto';
import type { ZkConfig } from '../config/index.js';
import { selfSpec } from '../config/index.js';
import { QuorumPeer } from '../peer/quorum-peer.js';
import { PeerRuntime } from '../net/peer-runtime.js';
import { systemClock, systemRng } from '../net/clock.js';
import type { Logger } from '../net/logger.js';
import type { ServerMode } from '../server/four-letter.js';
import { createClientPort, logListening } from './client-port.js';
import { NO_SECURITY, quorumSecurity, type LoadedSecurity } from './security.js';
import { openServerStorage, replicaOptions, running, type RunningServer } from './standalone.js';

export async function startQuorumPeer(
  config: ZkConfig,
  myid: number,
  configFile: string,
  log: Logger,
  security: LoadedSecurity = NO_SECURITY,
): Promise<RunningServer> {
  const self = selfSpec(config, myid)!;
  const { storage, loaded } = await openServerStorage(config);
  const peer = new QuorumPeer(
    {
      ...replicaOptions(config, myid),
      servers: config.servers,
      election: config.electionAlg,
      initLimit: config.initLimit,
      syncLimit: config.syncLimit,
      incarnation: randomBytes(4).readUInt32BE(0),
    },
    systemClock,
    systemRng,
    storage,
    loaded,
  );
  log.info(
    `quorum member ${myid} of ${config.servers.map((s) => s.id).join(',')} (${self.role}), ${config.electionAlg} election; ` +
      `loaded epochs ${loaded.epochs.acceptedEpoch}/${loaded.epochs.currentEpoch}, applied 0x${loaded.lastApplied.toString(16)}, logged 0x${loaded.lastLogged.toString(16)}`,
  );
  const quorum = quorumSecurity(config, security, log);
  const runtime = new PeerRuntime(peer, storage, log, {
    quorumTls: quorum.tls,
    self,
    servers: config.servers,
    electionKey: config.electionKey,
    tickIntervalMs: 25,
    initLimitMs: config.initLimit * config.tickTime,
    logRetain: Math.max(1000, config.snapCount),
    onRole: (role, serving) => {
      if (!serving) server.closeAll('server is not serving');
      else logListening(server, log, ` as ${role === 'leading' ? 'leader' : role === 'following' ? 'follower' : 'observer'}`);
    },
  });
  const mode = (): ServerMode => (peer.role === 'leading' ? 'leader' : peer.role === 'following' ? 'follower' : peer.role === 'observing' ? 'observer' : 'standalone');
  const { server, stopWatching } = createClientPort(
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
    },
    { submit: (f) => runtime.submit(f) },
    log,
    security,
  );
  runtime.setSink((e) => server.deliver(e));
  const address = await server.listen();
  await runtime.start();
  log.info(`client port ${address.host}:${address.port} open; clients are served once a leader is established`);
  return running(address, { close: async () => (stopWatching(), quorum.close(), await server.close()) }, runtime, storage);
}
