import { type ClientSecurityOptions } from '../../client/index.js';
export type DriverName = 'zk-ts' | 'node-zookeeper-client';
export declare const DRIVERS: readonly DriverName[];
/** One connected session; every call resolves on success and rejects on any error. */
export interface BenchSession {
    create(path: string, data: Buffer): Promise<void>;
    set(path: string, data: Buffer): Promise<void>;
    get(path: string): Promise<void>;
    exists(path: string): Promise<void>;
    close(): Promise<void>;
}
export interface ConnectOptions {
    sessionTimeoutMs?: number;
    connectTimeoutMs?: number;
    /** TLS and SASL settings (zk-ts driver only). */
    security?: ClientSecurityOptions;
}
export type Driver = (hostPort: string, opts?: ConnectOptions) => Promise<BenchSession>;
export declare function driver(name: DriverName): Driver;
