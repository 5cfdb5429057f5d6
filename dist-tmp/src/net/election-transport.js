import { TlsElectionTransport } from './tls-election.js';
import { UdpElectionTransport } from './udp-election.js';
export function createElectionTransport(opts, quorumTls, log) {
    if (!quorumTls)
        return new UdpElectionTransport(opts);
    const { sslQuorum, portUnification } = quorumTls.settings;
    if (!portUnification)
        return new TlsElectionTransport(opts, quorumTls, log);
    const udp = new UdpElectionTransport(opts);
    const tls = new TlsElectionTransport({ ...opts, tickIntervalMs: 0 }, quorumTls, log, sslQuorum);
    return {
        async start() {
            await udp.start();
            await tls.start();
        },
        run(effects) {
            if (sslQuorum)
                tls.run(effects);
            else
                udp.run(effects);
        },
        stats() {
            const out = { ...udp.stats() };
            for (const [k, v] of Object.entries(tls.counters))
                out[`tls_${k}`] = v;
            return out;
        },
        async close() {
            await tls.close();
            await udp.close();
        },
    };
}
//# sourceMappingURL=election-transport.js.map