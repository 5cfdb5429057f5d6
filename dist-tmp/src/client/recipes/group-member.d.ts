/**
 * GroupMember: Curator's GroupMember. Membership is an EPHEMERAL node
 * `<membershipPath>/<memberId>` holding the member's payload, kept by a PersistentNode (so it
 * comes back after a reconnection or a new session); the current members are a cache of the
 * membership path's children. Java and Node members see each other.
 *
 *   const me = new GroupMember(zk, '/groups/workers', 'worker-7', 'host:port');
 *   await me.start();
 *   me.currentMembers();   // Map id → payload
 */
import { EventEmitter } from 'node:events';
import type { ZooKeeperClient } from '../client.js';
import type { DataInput } from '../types.js';
import { type WaitOptions } from './internal.js';
import { type CacheEvent } from './tree-cache.js';
export interface GroupMemberEvents {
    /** A member joined, changed its payload, or left. */
    change: [event: CacheEvent];
}
export declare class GroupMember extends EventEmitter<GroupMemberEvents> {
    readonly membershipPath: string;
    readonly memberId: string;
    private readonly node;
    private readonly cache;
    constructor(zk: ZooKeeperClient, membershipPath: string, memberId: string, payload?: DataInput);
    /** Joins the group; resolves once our node exists and the member list is loaded. */
    start(opts?: WaitOptions): Promise<void>;
    /** Changes this member's payload. */
    setThisData(data: DataInput): Promise<void>;
    /** id → payload of every member (this one always included, as Curator does). */
    currentMembers(): Map<string, Buffer | null>;
    /** Curator's idFromPath. */
    idFromPath(path: string): string;
    /** Membership changes (members' nodes only) as an async iterator. */
    events(opts?: {
        signal?: AbortSignal;
    }): AsyncGenerator<CacheEvent, void, undefined>;
    /** Leaves the group. */
    close(): Promise<void>;
}
