import type { ZooKeeperClient } from '../client.js';
import { type WaitOptions } from './internal.js';
export declare class Barrier {
    private readonly zk;
    readonly path: string;
    constructor(zk: ZooKeeperClient, path: string);
    /** Raises the barrier (creates its node; already up is fine). */
    set(): Promise<void>;
    /** Lowers the barrier (already down is fine). */
    remove(): Promise<void>;
    /**
     * Resolves true once the barrier is down; false when `timeoutMs` passes first (as Curator's
     * waitOnBarrier); rejects with the signal's reason on abort.
     */
    wait(opts?: WaitOptions): Promise<boolean>;
}
export declare class DoubleBarrier {
    private readonly zk;
    readonly path: string;
    readonly memberQty: number;
    private readonly ourPath;
    private readonly readyPath;
    constructor(zk: ZooKeeperClient, path: string, memberQty: number);
    /** Enters and waits for the others; false if `timeoutMs` passed first. */
    enter(opts?: WaitOptions): Promise<boolean>;
    /** Leaves and waits for the others to leave; false if `timeoutMs` passed first. */
    leave(opts?: WaitOptions): Promise<boolean>;
    private deleteOurs;
}
