import type { ZkConfig } from '../config/index.js';
import { type RecordOptions } from './record.js';
import type { FatalHandler } from '../net/core-runtime.js';
import type { Logger } from '../base/log.js';
import { type LoadedSecurity } from './security.js';
import { type RunningServer } from './standalone.js';
/**
 * `onFatal` runs when storage failed or the core broke an invariant (the fatal line is already
 * logged and the runtime stopped): main exits the process, as ZooKeeper does on a storage
 * failure, so that the server can never be elected again.
 */
export declare function startQuorumPeer(config: ZkConfig, myid: number, configFile: string, log: Logger, onFatal?: FatalHandler, security?: LoadedSecurity, record?: RecordOptions): Promise<RunningServer>;
