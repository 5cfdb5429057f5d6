/** ZooKeeper's default text trace mask (ZooTrace: CLIENT_REQUEST | SERVER_PACKET | SESSION | WARNING). */
export declare const DEFAULT_TRACE_MASK = 306n;
export declare const ZK_NOT_SERVING = "This ZooKeeper instance is not currently serving requests";
/**
 * `Mode:` / `zk_server_state` values (ServerStats.getServerState), and `looking`: a quorum
 * member between roles. ZooKeeper has no ZooKeeperServer then, so no command prints a mode:
 * the words and admin commands that would answer "not currently serving" (see `noServer`).
 */
export type ServerMode = 'standalone' | 'leader' | 'follower' | 'observer' | 'read-only' | 'looking';
/** Per-session statistics of a connection (the `cons` fields from `sid` on). */
export interface ConnectionSessionInfo {
    sessionId: bigint;
    /** Short op name of the last reply: PING SESS CREA DELE SETD ... NA (docs/client-protocol.md). */
    lastOp: string;
    /** When the session was established on this connection, ms since the epoch. */
    establishedMs: number;
    /** Negotiated session timeout, ms. */
    timeoutMs: number;
    /** Last cxid answered; -1 (printed not at all) when none. */
    lastCxid: number;
    /** Last zxid answered; -1n (printed 0xffffffffffffffff, as ZooKeeper does) when none. */
    lastZxid: bigint;
    /** ms since the epoch; 0 when none. */
    lastResponseTimeMs: number;
    lastLatencyMs: number;
    /** 0 when no request yet (ZooKeeper maps Long.MAX_VALUE to 0). */
    minLatencyMs: number;
    /** Integer average (ZooKeeper divides longs); fractions are truncated. */
    avgLatencyMs: number;
    maxLatencyMs: number;
}
/** One client connection (including, as in ZooKeeper, the one asking the four-letter word). */
export interface ConnectionInfo {
    /** As Node reports it: '127.0.0.1', '::1', '::ffff:127.0.0.1'. Printed the Java way. */
    remoteAddress: string;
    remotePort: number;
    /** NIO interest ops: 1 reading, 0 reading suspended, 5 read+write. Printed in hex. */
    interestOps: number;
    /** Outstanding (queued) requests. */
    queued: number;
    received: number;
    sent: number;
    /** Present once the connection has a session (ZooKeeper: sessionId != 0). */
    session?: ConnectionSessionInfo;
    /** Deadline of this connection in the connection expiry queue (ms since the epoch), for `dump`. */
    expiresAtMs?: number;
}
/** `dump`'s session part: the leader's / standalone expiry buckets, or a learner's global table. */
export type SessionDump = {
    kind: 'expiry';
    buckets: ReadonlyArray<readonly [deadlineMs: number, sessionIds: readonly bigint[]]>;
} | {
    kind: 'global';
    sessions: ReadonlyArray<readonly [sessionId: bigint, timeoutMs: number]>;
};
/** `mntr` values beyond the ones srvr already carries. */
export interface MonitorValues {
    watchCount: number;
    ephemeralsCount: number;
    approximateDataSize: number;
    /** Omitted (as on non-Unix ZooKeeper) when unknown. */
    openFileDescriptorCount?: number;
    maxFileDescriptorCount?: number;
    uptimeMs: number;
    globalSessions: number;
    localSessions: number;
    authFailedCount: number;
    /**
     * Appended as `zk_<key>\t<value>`: quorum/election keys (peer_state, election_algorithm,
     * followers, synced_followers, pending_syncs, quorum_size, ...). Keys without `zk_`.
     * Integers and bigints print as integers, other numbers as a Java double, strings verbatim.
     */
    extra: ReadonlyArray<readonly [string, string | number | bigint]>;
}
export interface ConfDump {
    /** In ZooKeeper's order: clientPort, secureClientPort, dataDir, dataDirSize, dataLogDir,
     * dataLogSize, tickTime, maxClientCnxns, minSessionTimeout, maxSessionTimeout,
     * clientPortListenBacklog, serverId; quorum members add initLimit, syncLimit, electionAlg,
     * electionPort, quorumPort, peerType. */
    entries: ReadonlyArray<readonly [string, string | number | bigint]>;
    /** Quorum members: the dynamic config text (see formatMembership), printed after `membership: `. */
    membership?: string;
}
/** A `server.N` line as the admin commands show it (addresses as `host:port`). */
export interface MemberView {
    id: number;
    quorumAddress: string;
    electionAddress: string;
    /** `host:port`, or '' when the configuration does not say (ZooKeeper shows '' for others). */
    clientAddress: string;
    learnerType: 'participant' | 'observer';
}
/** An observer connected to this leader (LearnerHandler.getLearnerHandlerInfo); -1 where unknown. */
export interface ObserverView {
    sid: number;
    remoteSocketAddress: string;
    establishedMs: number;
    queuedPackets: number;
    packetsReceived: number;
    packetsSent: number;
    requests: number;
    lastZxid: bigint;
}
/** What a quorum member adds for `leader`, `voting_view`, `zabstate` and `observers`. */
export interface QuorumView {
    myid: number;
    isLeader: boolean;
    /** -1 while no leader is known. */
    leaderId: number;
    /** The leader's host, '' while none is known. */
    leaderAddress: string;
    /** QuorumPeer.ZabState, lower case. */
    zabState: 'election' | 'discovery' | 'synchronization' | 'broadcast';
    /** A participant (observers do not vote). */
    voting: boolean;
    self: MemberView;
    members: readonly MemberView[];
    /** Leader only; empty elsewhere. */
    observers(): readonly ObserverView[];
}
export interface CommandContext {
    /** ZooKeeperServer.isRunning(): false while LOOKING / syncing / shutting down. */
    serving: boolean;
    /**
     * A quorum member that is LOOKING: ZooKeeper 3.8's QuorumPeer holds no ZooKeeperServer then
     * (Leader/Learner.shutdown hand the AdminServer null), so every admin command answers as
     * without a server (see `adminNeedsServer` and zabstate).
     */
    noServer?: boolean;
    mode: ServerMode;
    /** Printed after `Zookeeper version: ` and as zk_version, e.g. `3.8.0-zk-ts-0.1.0, built on ...`. */
    version: string;
    minLatencyMs: number;
    /** Average request latency; rounded to 4 decimals and printed as a Java double. */
    avgLatencyMs: number;
    maxLatencyMs: number;
    packetsReceived: number;
    packetsSent: number;
    /** Alive client connections (ZooKeeper counts the four-letter connection too). */
    aliveConnections: number;
    outstandingRequests: number;
    /** Last processed zxid. */
    zxid: bigint;
    /** ZooKeeper's getNodeCount (counts the root twice: a fresh server says 5). */
    nodeCount: number;
    /** Leader only: proposal sizes (BufferStats); -1/-1/-1 when absent. */
    proposalSizes?: {
        last: number;
        min: number;
        max: number;
    };
    /** Quorum members: 'basic' or 'fast', printed by srvr and stat as `Election algorithm: …`. */
    electionAlgorithm?: string;
    /** Current text trace mask (`gtmk`); ZooKeeper's default is DEFAULT_TRACE_MASK. */
    traceMask: bigint;
    /** For `stmk` only: the 8-byte mask that followed the word. */
    stmkMask?: bigint;
    setTraceMask(mask: bigint): void;
    /** `dirs`, in bytes. */
    dataDirSize: number;
    logDirSize: number;
    connections(): readonly ConnectionInfo[];
    watchSummary(): {
        connections: number;
        paths: number;
        total: number;
    };
    watchesBySession(): ReadonlyMap<bigint, readonly string[]>;
    watchesByPath(): ReadonlyMap<string, readonly bigint[]>;
    sessionDump(): SessionDump;
    ephemerals(): ReadonlyMap<bigint, readonly string[]>;
    conf(): ConfDump;
    /** `envi` lines, in order (see buildEnvironment). */
    environment(): ReadonlyArray<readonly [string, string]>;
    monitor(): MonitorValues;
    /** `hash`: DataTree digest log, oldest first; empty when digests are disabled. */
    digestLog(): ReadonlyArray<readonly [zxid: bigint, digest: bigint]>;
    resetConnectionStats(): void;
    resetServerStats(): void;
    /** The configuration file's text as read at start (`initial_configuration`). */
    initialConfiguration?(): string;
    /** The applied state on disk (`last_snapshot`): zxid and the file's mtime in seconds. */
    lastSnapshot?(): {
        zxid: bigint;
        timestampSec: number;
    } | null;
    /** Present on quorum members. */
    quorum?: QuorumView;
    /**
     * Quorum members: hand leadership to a server (null: the most caught-up follower), or ask our
     * leader to hand it to us; answered at once (docs/operations.md, "Leadership transfer").
     */
    transferLeadership?(successor: number | null): LeadershipAnswer;
    requestLeadership?(): LeadershipAnswer;
}
/** Whether a leadership transfer was started (or asked for), and what happens, in words. */
export type LeadershipAnswer = {
    ok: true;
    successor: number;
    message: string;
} | {
    ok: false;
    message: string;
};
/** A JSON value as Jackson writes it: bigints are Java longs, JavaDouble prints like a double. */
export type JsonValue = null | boolean | number | bigint | string | JavaDouble | JsonValue[] | {
    [key: string]: JsonValue;
};
/** A number that ZooKeeper types as double (Jackson writes 0.0, not 0). */
export declare class JavaDouble {
    readonly value: number;
    constructor(value: number);
}
export type JsonObject = {
    [key: string]: JsonValue;
};
/** Keyword arguments of an admin command (the query string). */
export type CommandArgs = Readonly<Record<string, string>>;
export interface Command<D = unknown> {
    /** Admin names, ZooKeeper's primary name first. */
    names: readonly string[];
    /** The four-letter word, when the command has one. */
    word?: string;
    /** Whether the word answers ZK_NOT_SERVING while the server is not serving. */
    wordNeedsServing: boolean;
    /** ZooKeeper's CommandBase.serverRequired for the admin command. */
    adminNeedsServing: boolean;
    /** The HTTP method the admin command takes: GET (ZooKeeper's only one), or POST for a command that acts. */
    method?: 'POST';
    /**
     * Not server-required in ZooKeeper, but it reads the server: without one (`noServer`) ZooKeeper
     * 3.8 fails with a NullPointerException (HTTP 500, an HTML page); zk-ts answers the
     * not-serving error instead.
     */
    adminNeedsServer?: boolean;
    compute(ctx: CommandContext, args: CommandArgs): D;
    /** The four-letter word's text (commands with a word only). */
    text?(data: D, ctx: CommandContext): string;
    /** The admin command's fields, in ZooKeeper's order (`command` and `error` are added). */
    json(data: D, ctx: CommandContext): JsonObject;
}
/** Every command, in ZooKeeper's registration order. */
export declare const COMMANDS: readonly Command<any>[];
/** The command an admin name or alias stands for. */
export declare function commandNamed(name: string): Command<any> | undefined;
/** The command behind a four-letter word. */
export declare function commandForWord(word: string): Command<any> | undefined;
/**
 * The four-letter word's text, whitelist and serving state included. `word` must have a
 * command; stmk's mask comes from ctx.stmkMask (the 8 bytes after the word).
 */
export declare function presentAsText(word: string, ctx: CommandContext, whitelist: ReadonlySet<string> | '*'): string;
/**
 * The admin command's answer as CommandResponse.toMap builds it: the command's fields, then
 * `command` (its primary name) and `error`; a field named `error` keeps its place and value.
 * `known` is false for a name no command has.
 */
export declare function presentAsJson(name: string, ctx: CommandContext, args?: CommandArgs): {
    known: boolean;
    body: JsonObject;
};
/** ServerCnxn.dumpConnectionInfo. */
export declare function connectionLine(c: ConnectionInfo, brief: boolean): string;
/**
 * QuorumMaj.toString, printed by `conf` after `membership: `: one `server.<id>=<spec>` line per
 * member (spec as in the dynamic config: `host:quorumPort:electionPort:participant;clientHost:clientPort`),
 * then `version=<hex>` without a trailing newline.
 */
export declare function formatMembership(members: ReadonlyArray<readonly [id: number | bigint, spec: string]>, version: bigint): string;
