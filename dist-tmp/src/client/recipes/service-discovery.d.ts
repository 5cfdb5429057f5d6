import type { ZooKeeperClient } from '../client.js';
import { type CacheEvent } from './tree-cache.js';
export type ServiceType = 'DYNAMIC' | 'STATIC' | 'PERMANENT' | 'DYNAMIC_SEQUENTIAL';
/** Curator's UriSpec as JSON: a list of literal and `{variable}` parts. */
export interface UriSpec {
    parts: Array<{
        value: string;
        variable: boolean;
    }>;
}
export interface ServiceInstance<P = unknown> {
    name: string;
    id: string;
    address: string | null;
    port: number | null;
    sslPort: number | null;
    payload: P | null;
    registrationTimeUTC: number;
    serviceType: ServiceType;
    uriSpec: UriSpec | null;
    enabled: boolean;
}
/** ServiceInstance.builder() defaults: a fresh UUID id, this host's address, now, DYNAMIC. */
export declare function serviceInstance<P = unknown>(fields: Partial<ServiceInstance<P>> & {
    name: string;
}): ServiceInstance<P>;
/** Parses Curator's uriSpec text ("{scheme}://foo.com:{port}") into parts. */
export declare function parseUriSpec(text: string): UriSpec;
export interface ServiceDiscoveryOptions {
    /**
     * Curator's JsonInstanceSerializer "compatible" mode (its default): leave `enabled` out of
     * the JSON so that Curator versions before 2.x can read it. Default true.
     */
    compatibleSerialization?: boolean;
}
export declare class ServiceDiscovery<P = unknown> {
    private readonly zk;
    readonly basePath: string;
    private readonly options;
    private readonly services;
    private state;
    private chain;
    private readonly clientListeners;
    private readonly caches;
    constructor(zk: ZooKeeperClient, basePath: string, options?: ServiceDiscoveryOptions);
    /** Registers `thisInstance` if given, and keeps registrations alive across reconnections. */
    start(thisInstance?: ServiceInstance<P>): Promise<void>;
    registerService(instance: ServiceInstance<P>): Promise<void>;
    updateService(instance: ServiceInstance<P>): Promise<void>;
    unregisterService(instance: ServiceInstance<P>): Promise<void>;
    queryForNames(): Promise<string[]>;
    queryForInstances(name: string): Promise<ServiceInstance<P>[]>;
    queryForInstance(name: string, id: string): Promise<ServiceInstance<P> | null>;
    /** A live view of one service's instances (Curator's ServiceCache). */
    serviceCache(name: string): Promise<ServiceCache<P>>;
    /** Unregisters every instance registered here and closes the caches. */
    close(): Promise<void>;
    pathForName(name: string): string;
    pathForInstance(name: string, id: string): string;
    /** The JSON bytes this instance is stored as. */
    serialize(instance: ServiceInstance<P>): Buffer;
    private enqueue;
    private reRegisterAll;
    /** ServiceDiscoveryImpl.internalRegisterService: create; if it exists, delete and create again. */
    private register;
}
/** The JSON Curator writes (field order as Jackson writes it). */
export declare function serializeInstance<P>(inst: ServiceInstance<P>, compatible?: boolean): Buffer;
/** Reads Curator's JSON (either mode); unknown fields are ignored, as Curator's mapper does. */
export declare function deserializeInstance<P>(bytes: Uint8Array): ServiceInstance<P>;
/** The instances of one service, kept up to date. */
export declare class ServiceCache<P = unknown> {
    readonly servicePath: string;
    private readonly onClose;
    private readonly cache;
    constructor(zk: ZooKeeperClient, servicePath: string, onClose: () => void);
    start(): Promise<void>;
    /** The current instances (unreadable entries are skipped). */
    instances(): ServiceInstance<P>[];
    /** Changes of the instance list, as an async iterator. */
    events(opts?: {
        signal?: AbortSignal;
    }): AsyncGenerator<CacheEvent, void, undefined>;
    close(): Promise<void>;
}
