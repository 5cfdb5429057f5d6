import { type ZkConfig } from '../config/index.js';
import type { LoadedState, Storage } from '../storage/api.js';
import { type Recording, type RecordOptions } from './record.js';
import type { FatalHandler } from '../net/core-runtime.js';
import type { Logger } from '../base/log.js';
import { type ClientPort } from './client-port.js';
import { type LoadedSecurity } from './security.js';
export interface RunningServer {
    host: string;
    port: number;
    stop(): Promise<void>;
}
export declare function storageDir(config: ZkConfig): string;
/** Opens the server's storage (LMDB and its txn log files) and reads what it holds; what the
 * open found and did (a cut log tail, corruption, an upgrade) goes to `log`. */
export declare function openServerStorage(config: ZkConfig, log?: Logger): Promise<{
    storage: Storage;
    loaded: LoadedState;
}>;
/** The replica settings every mode shares, from the configuration. */
export declare function replicaOptions(config: ZkConfig, myid: number): {
    serverId: number;
    tickTime: number;
    minSessionTimeout: number;
    maxSessionTimeout: number;
    extendedTypesEnabled: boolean;
    aclSchemes: string[];
    enforceQuota: boolean;
    containerCheckIntervalMs: number;
};
export declare function startStandalone(config: ZkConfig, myid: number, configFile: string, log: Logger, security?: LoadedSecurity, onFatal?: FatalHandler, record?: RecordOptions): Promise<RunningServer>;
/** The client port, with the operators' endpoints closed first. */
export declare function withOperations(port: ClientPort, ops: {
    stop(): Promise<void>;
}, closeQuorumTls?: () => void): {
    close(): Promise<void>;
};
/** A started server: stopping closes clients first, then lets the runtime settle, then storage. */
export declare function running(address: {
    host: string;
    port: number;
}, server: {
    close(): Promise<void>;
}, runtime: {
    stop(): Promise<void>;
}, storage: Storage, recording?: Recording | null): RunningServer;
