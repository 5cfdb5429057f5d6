import { type ZkConfig } from '../../src/config/index.js';
import { MemoryStorage } from '../../src/storage/memory/memory-storage.js';
import { StandaloneCore } from '../../src/peer/standalone.js';
import type { ClientServer } from '../../src/server/client-server.js';
import type { ClientConnection } from '../../src/server/client-connection.js';
export interface InProcessServer {
    port: number;
    core: StandaloneCore;
    clientPort: ClientServer;
    storage: MemoryStorage;
    /** Log lines, `level: message`. */
    logs: string[];
    /** While true (the default), storage flushes every millisecond; false holds every write. */
    autoFlush: boolean;
    /** The server side of the connection that holds `sessionId`. */
    connectionOf(sessionId: bigint): ClientConnection | undefined;
    stop(): Promise<void>;
}
export declare function startInProcess(fields?: Partial<ZkConfig>): Promise<InProcessServer>;
