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
import { joinPath, localAddressBytes, nodeName, RecipeStateError, toData } from './internal.js';
import { PersistentNode } from './persistent-node.js';
import { TreeCache } from './tree-cache.js';
export class GroupMember extends EventEmitter {
    membershipPath;
    memberId;
    node;
    cache;
    constructor(zk, membershipPath, memberId, payload = localAddressBytes()) {
        super();
        this.membershipPath = membershipPath;
        this.memberId = memberId;
        if (!membershipPath.startsWith('/'))
            throw new RecipeStateError(`membership path must be absolute: ${membershipPath}`);
        if (memberId === '' || memberId.includes('/'))
            throw new RecipeStateError(`bad member id: ${JSON.stringify(memberId)}`);
        this.node = new PersistentNode(zk, joinPath(membershipPath, memberId), toData(payload) ?? Buffer.alloc(0), { mode: 'ephemeral' });
        this.cache = new TreeCache(zk, membershipPath, { maxDepth: 1 });
        this.cache.on('change', (e) => {
            if (e.type === 'initialized' || e.type === 'resynced' || e.path !== membershipPath)
                this.emit('change', e);
        });
    }
    /** Joins the group; resolves once our node exists and the member list is loaded. */
    async start(opts = {}) {
        await this.node.start(opts);
        await this.cache.start();
    }
    /** Changes this member's payload. */
    setThisData(data) {
        return this.node.setData(data);
    }
    /** id → payload of every member (this one always included, as Curator does). */
    currentMembers() {
        const out = new Map();
        for (const name of this.cache.children(this.membershipPath) ?? []) {
            out.set(name, this.cache.get(joinPath(this.membershipPath, name))?.data ?? null);
        }
        if (!out.has(this.memberId))
            out.set(this.memberId, this.node.getData());
        return out;
    }
    /** Curator's idFromPath. */
    idFromPath(path) {
        return nodeName(path);
    }
    /** Membership changes (members' nodes only) as an async iterator. */
    async *events(opts = {}) {
        for await (const e of this.cache.events(opts)) {
            if (e.type === 'initialized' || e.type === 'resynced' || e.path !== this.membershipPath)
                yield e;
        }
    }
    /** Leaves the group. */
    async close() {
        await this.cache.close();
        await this.node.close();
    }
}
//# sourceMappingURL=group-member.js.map