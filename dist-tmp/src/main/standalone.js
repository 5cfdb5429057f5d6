/** Wiring for a standalone server: storage, the core, its runtime and the client port. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { aclSchemes } from '../config/index.js';
import { openLmdbStorage } from '../storage/lmdb/lmdb-storage.js';
import { decodeTxn } from '../wire/txn.js';
import { StandaloneCore } from '../peer/standalone.js';
import { standaloneState } from '../peer/recording.js';
import { openRecording } from './record.js';
import { StandaloneRuntime } from '../net/standalone-runtime.js';
import { systemClock, systemRng } from '../net/clock.js';
import { stampNow } from '../base/clock.js';
import { createClientPort, logListening } from './client-port.js';
import { createMetrics, startOperations } from './operations.js';
import { NO_SECURITY } from './security.js';
export function storageDir(config) {
    return join(config.dataLogDir, 'zk-ts-db');
}
/** Opens the server's storage (LMDB and its txn log files) and reads what it holds; what the
 * open found and did (a cut log tail, corruption, an upgrade) goes to `log`. */
export async function openServerStorage(config, log) {
    const dir = storageDir(config);
    mkdirSync(dir, { recursive: true });
    const storage = await openLmdbStorage(dir, log ? { report: (level, msg) => log[level](msg) } : {});
    return { storage, loaded: await storage.load() };
}
/** The replica settings every mode shares, from the configuration. */
export function replicaOptions(config, myid) {
    return {
        serverId: myid,
        tickTime: config.tickTime,
        minSessionTimeout: config.minSessionTimeout,
        maxSessionTimeout: config.maxSessionTimeout,
        extendedTypesEnabled: config.extendedTypesEnabled,
        aclSchemes: aclSchemes(config.security),
        enforceQuota: config.enforceQuota,
        containerCheckIntervalMs: config.containerCheckIntervalMs,
    };
}
export async function startStandalone(config, myid, configFile, log, security = NO_SECURITY, onFatal, record) {
    const { storage, loaded } = await openServerStorage(config, log);
    const options = replicaOptions(config, myid);
    const start = stampNow(systemClock);
    let core;
    const recording = record ? openRecording(record, log, (full) => standaloneState(core, full)) : null;
    recording?.recorder.start({ mode: 'standalone', seed: recording.seed, options, loaded, time: start });
    core = new StandaloneCore(options, recording?.rng ?? systemRng, start, loaded);
    core.recorder = recording?.recorder ?? null;
    const tail = storage.readLog(loaded.lastApplied).map((e) => decodeTxn(e.bytes));
    core.step({ kind: 'replayLog', txns: tail, ...stampNow(systemClock) });
    log.info(`loaded ${core.tree.nodes.size} znodes and ${core.sessions.size} sessions at zxid 0x${core.lastZxid.toString(16)}` +
        (tail.length ? ` (replayed ${tail.length} logged txns)` : ''));
    const runtime = new StandaloneRuntime(core, storage, log, {
        tickIntervalMs: Math.max(10, Math.min(config.tickTime / 2, 500)),
        logRetain: Math.max(1000, config.snapCount),
        onFatal,
    });
    let port = null;
    const sources = {
        myid,
        commandContext: () => port.commandContext(),
        replica: () => core.replica,
        peerState: () => 'standalone',
    };
    const metrics = await createMetrics(config, sources);
    runtime.metrics = metrics;
    port = createClientPort(config, configFile, myid, storage, {
        replica: () => core.replica,
        mode: () => 'standalone',
        serving: () => true,
        outstanding: () => core.outstandingWrites,
    }, { submit: (input) => runtime.submit(input) }, log, metrics ?? undefined, security);
    const server = port.server;
    runtime.setSink((e) => server.deliver(e));
    runtime.flush(); // effects of replay (the store of replayed state)
    const address = await server.listen();
    runtime.start();
    logListening(server, log);
    const ops = await startOperations(config, sources, metrics, log);
    return running(address, withOperations(port, ops), runtime, storage, recording);
}
/** The client port, with the operators' endpoints closed first. */
export function withOperations(port, ops, closeQuorumTls) {
    return {
        async close() {
            await ops.stop();
            port.stopWatching();
            closeQuorumTls?.();
            await port.server.close();
        },
    };
}
/** A started server: stopping closes clients first, then lets the runtime settle, then storage. */
export function running(address, server, runtime, storage, recording = null) {
    return {
        ...address,
        async stop() {
            await server.close();
            await runtime.stop();
            recording?.finish();
            await storage.close();
        },
    };
}
//# sourceMappingURL=standalone.js.map