/**
 * zk-ts client: a promise-based ZooKeeper client for Node.js.
 *
 *   import { createClient, CreateMode, NoNodeError } from 'zk-ts';
 *   const zk = createClient('127.0.0.1:2181/app', { sessionTimeout: 10000 });
 *   await zk.connected();
 *   await zk.create('/lock-', 'me', { mode: CreateMode.EPHEMERAL_SEQUENTIAL });
 */
export { createClient, ZooKeeperClient } from './client.js';
export type { ClientOptions, ClientEvents, ConnectionInfo, WatchArg } from './client.js';
export * from './errors.js';
export { op, Transaction } from './ops.js';
export type { CreateOptions, MultiOp, OpResult, ReadOp, ReadResult } from './ops.js';
export { CreateMode, formatWatchedEvent, } from './types.js';
export type { AddWatchModeName, ClientState, CreateModeValue, DataInput, EventTypeName, KeeperStateName, Logger, Stat, WatchedEvent, Watcher, WatcherTypeName, } from './types.js';
export { Acl, ANYONE_ID_UNSAFE, AUTH_IDS, CREATOR_ALL_ACL, OPEN_ACL_UNSAFE, READ_ACL_UNSAFE, Perms, digestId, formatAcl, formatPerms, parseAcl, parsePerms, } from './acl.js';
export type { ACL, Id, ParsedAcl, PermsLike } from './acl.js';
export type { ClientInfo } from '../wire/index.js';
export { exponentialBackoff } from './retry.js';
export { clientSecurityOptions, loadClientConfigFile, parseClientProperties, parseJvmFlags } from './client-config.js';
export type { ClientSecurityOptions } from './client-config.js';
export type { ClientTlsOptions } from './connection.js';
export type { SaslCredentials } from './sasl.js';
export type { BackoffOptions, RetryPolicy } from './retry.js';
export { parseConnectString, validatePath } from './paths.js';
export type { HostPort, ConnectString } from './paths.js';
