/**
 * Which transport carries the election: UDP datagrams (optionally with the `electionKey` HMAC),
 * or, with quorum TLS, mutual-TLS connections on the election port (tls-election.ts). During a
 * rolling upgrade (`portUnification=true`) a server listens on both and sends on the one
 * `sslQuorum` picks, so that upgraded and not yet upgraded servers hear each other.
 */
import type { Logger } from '../base/log.js';
import type { QuorumTls } from './quorum-tls.js';
import { TlsElectionTransport } from './tls-election.js';
import { UdpElectionTransport, type UdpElectionOptions } from './udp-election.js';

export interface ElectionTransport<E extends { kind: string }> {
  start(): Promise<void>;
  run(effects: readonly E[]): void;
  stats(): Record<string, number>;
  close(): Promise<void>;
}

export function createElectionTransport<E extends { kind: string }>(
  opts: UdpElectionOptions<E>,
  quorumTls: QuorumTls | null | undefined,
  log: Logger,
): ElectionTransport<E> {
  if (!quorumTls) return new UdpElectionTransport(opts);
  const { sslQuorum, portUnification } = quorumTls.settings;
  if (!portUnification) return new TlsElectionTransport(opts, quorumTls, log);
  const udp = new UdpElectionTransport(opts);
  const tls = new TlsElectionTransport({ ...opts, tickIntervalMs: 0 }, quorumTls, log, sslQuorum);
  return {
    async start() {
      await udp.start();
      await tls.start();
    },
    run(effects) {
      if (sslQuorum) tls.run(effects);
      else udp.run(effects);
    },
    stats() {
      const out: Record<string, number> = { ...udp.stats() };
      for (const [k, v] of Object.entries(tls.counters)) out[`tls_${k}`] = v;
      return out;
    },
    async close() {
      await tls.close();
      await udp.close();
    },
  };
}
