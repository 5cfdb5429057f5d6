/** The client port of a server of any mode, with its operator commands (four-letter words). */
import { isStandalone } from '../config/index.js';
import { ClientServer } from '../server/client-server.js';
import { runFourLetterWord } from '../server/four-letter.js';
import { buildCommandContext } from './command-context.js';
import { authSettings, clientListeners, NO_SECURITY } from './security.js';
export const VERSION = '3.8.0-zk-ts-0.1.0';
export function createClientPort(config, configFile, myid, storage, state, core, log, metrics, security = NO_SECURITY) {
    const startedAt = Date.now();
    const ports = clientListeners(config, security, log);
    const commandContext = (arg) => buildCommandContext({
        config,
        configFile,
        myid,
        replica: state.replica(),
        outstanding: state.outstanding(),
        serving: state.serving(),
        server,
        storage,
        startedAt,
        mode: state.mode(),
        version: VERSION,
        arg,
        extraMonitor: state.extraMonitor?.(),
        extraConf: state.extraConf?.(),
        electionAlgorithm: state.electionAlgorithm,
        quorum: state.quorum?.(),
        leadership: state.leadership,
    });
    const server = new ClientServer({
        listeners: ports.listeners,
        auth: authSettings(config.security, security),
        maxClientCnxns: config.maxClientCnxns,
        maxBuffer: config.juteMaxBuffer,
        globalOutstandingLimit: outstandingLimit(config),
        maxUnsentBytes: config.maxClientUnsentBytes,
        superDigest: config.superDigest,
        serving: () => state.serving(),
        fourLetterWord: (word, arg) => runFourLetterWord(word, commandContext(arg), config.fourLetterWordWhitelist),
        metrics,
    }, core, log);
    return { server, commandContext, startedAt, stopWatching: ports.close };
}
/**
 * The throttle threshold of this server. As in ZooKeeper 3.8 (Leader/FollowerZooKeeperServer),
 * a quorum member takes its share of the global limit: divided by (voters - 1) when there are
 * more than two voters.
 */
export function outstandingLimit(config) {
    if (isStandalone(config))
        return config.globalOutstandingLimit;
    const voters = config.servers.filter((s) => s.role === 'participant').length;
    return Math.max(1, Math.floor(config.globalOutstandingLimit / (voters > 2 ? voters - 1 : 1)));
}
/** Logs where clients are served (`serving clients on` is what scripts and tests wait for). */
export function logListening(server, log, suffix = '') {
    for (const a of server.addresses)
        log.info(`serving clients on ${a.host}:${a.port}${a.secure ? ' (TLS)' : ''}${suffix}`);
}
//# sourceMappingURL=client-port.js.map