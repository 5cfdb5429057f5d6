/** Shared records and the connect handshake (docs/client-protocol.md, "Records", "Handshake"). */
import { JuteReader, JuteWriter } from './jute.js';
export interface Id {
    scheme: string;
    id: string;
}
export interface ACL {
    perms: number;
    id: Id;
}
export interface ClientInfo {
    authScheme: string;
    user: string;
}
export interface Stat {
    czxid: bigint;
    mzxid: bigint;
    ctime: number;
    mtime: number;
    version: number;
    cversion: number;
    aversion: number;
    ephemeralOwner: bigint;
    dataLength: number;
    numChildren: number;
    pzxid: bigint;
}
export declare const STAT_SIZE = 68;
export declare function writeId(w: JuteWriter, id: Id): void;
export declare function readId(r: JuteReader): Id;
export declare function writeAcl(w: JuteWriter, acl: ACL): void;
export declare function readAcl(r: JuteReader): ACL;
export declare function writeAclList(w: JuteWriter, acls: readonly ACL[] | null): void;
export declare function readAclList(r: JuteReader): ACL[];
export declare function writeStat(w: JuteWriter, s: Stat): void;
export declare function readStat(r: JuteReader): Stat;
export declare function writeClientInfo(w: JuteWriter, c: ClientInfo): void;
export declare function readClientInfo(r: JuteReader): ClientInfo;
export declare const WORLD_ANYONE: Id;
export declare const AUTH_IDS: Id;
export declare const OPEN_ACL_UNSAFE: ACL[];
export declare const CREATOR_ALL_ACL: ACL[];
export declare const READ_ACL_UNSAFE: ACL[];
export declare const PASSWORD_LENGTH = 16;
export interface ConnectRequest {
    protocolVersion: number;
    lastZxidSeen: bigint;
    timeOut: number;
    sessionId: bigint;
    passwd: Uint8Array;
    /** undefined when the client did not send the optional byte (node-zookeeper-client, pre-3.4). */
    readOnly: boolean | undefined;
}
export declare function readConnectRequest(r: JuteReader): ConnectRequest;
export declare function writeConnectRequest(w: JuteWriter, c: ConnectRequest): void;
export interface ConnectResponse {
    protocolVersion: number;
    timeOut: number;
    sessionId: bigint;
    passwd: Uint8Array;
    readOnly: boolean | undefined;
}
export declare function writeConnectResponse(w: JuteWriter, c: ConnectResponse): void;
export declare function readConnectResponse(r: JuteReader): ConnectResponse;
export interface RequestHeader {
    xid: number;
    type: number;
}
export interface ReplyHeader {
    xid: number;
    zxid: bigint;
    err: number;
}
export declare function readReplyHeader(r: JuteReader): ReplyHeader;
export declare function writeReplyHeader(w: JuteWriter, h: ReplyHeader): void;
export interface WatcherEvent {
    type: number;
    state: number;
    path: string;
}
/** Server side: the path is written as ZooKeeper writes strings (JuteWriter.jstring). */
export declare function writeWatcherEvent(w: JuteWriter, e: WatcherEvent): void;
export declare function readWatcherEvent(r: JuteReader): WatcherEvent;
