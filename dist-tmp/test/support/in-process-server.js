/**
 * A standalone server inside the test process: the real client port, connections, core and
 * runtime, over MemoryStorage whose flushes the test controls. Lets a test look at what the
 * server holds per connection (unsent bytes, requests in process), which no four-letter word
 * shows. Always `stop()` it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeConfig } from '../../src/config/index.js';
import { MemoryStorage } from '../../src/storage/memory/memory-storage.js';
import { StandaloneCore } from '../../src/peer/standalone.js';
import { StandaloneRuntime } from '../../src/net/standalone-runtime.js';
import { systemClock, systemRng } from '../../src/net/clock.js';
import { stampNow } from '../../src/base/clock.js';
import { createClientPort } from '../../src/main/client-port.js';
import { replicaOptions } from '../../src/main/standalone.js';
export async function startInProcess(fields = {}) {
    const dataDir = mkdtempSync(join(tmpdir(), 'zkts-inproc-'));
    const config = makeConfig({
        dataDir,
        tickTime: 200,
        clientPort: 0,
        clientPortAddress: '127.0.0.1',
        maxClientCnxns: 0,
        fourLetterWordWhitelist: '*',
        ...fields,
    });
    const logs = [];
    const log = {
        error: (m) => void logs.push(`error: ${m}`),
        warn: (m) => void logs.push(`warn: ${m}`),
        info: (m) => void logs.push(`info: ${m}`),
        debug: () => { },
    };
    const storage = new MemoryStorage();
    const core = new StandaloneCore(replicaOptions(config, 1), systemRng, stampNow(systemClock), await storage.load());
    const runtime = new StandaloneRuntime(core, storage, log, { tickIntervalMs: 50, logRetain: 1000 });
    const { server: clientPort } = createClientPort(config, 'in-process', 1, storage, { replica: () => core.replica, mode: () => 'standalone', serving: () => true, outstanding: () => core.outstandingWrites }, { submit: (input) => runtime.submit(input) }, log);
    runtime.setSink((e) => clientPort.deliver(e));
    const { port } = await clientPort.listen();
    runtime.start();
    const server = {
        port,
        core,
        clientPort,
        storage,
        logs,
        autoFlush: true,
        connectionOf: (sessionId) => [...clientPort.connections.values()].find((c) => c.sessionId === sessionId),
        async stop() {
            clearInterval(flusher);
            await clientPort.close();
            storage.flush();
            await runtime.stop();
            await storage.close();
            rmSync(dataDir, { recursive: true, force: true });
        },
    };
    const flusher = setInterval(() => {
        if (server.autoFlush)
            storage.flush();
    }, 1);
    return server;
}
//# sourceMappingURL=in-process-server.js.map