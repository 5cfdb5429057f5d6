import type { SecureContextOptions } from 'node:tls';
import { type SecurityConfig, type ZkConfig } from '../config/index.js';
import { QuorumTls } from '../net/quorum-tls.js';
import type { Logger } from '../base/log.js';
import type { AuthSettings } from '../server/connection-auth.js';
import type { ClientListener } from '../server/client-server.js';
/** What start-up loaded: TLS options for each side that uses TLS, and the SASL users. */
export interface LoadedSecurity {
    clientTls: SecureContextOptions | null;
    quorumTls: SecureContextOptions | null;
    saslUsers: Map<string, string> | null;
}
export declare const NO_SECURITY: LoadedSecurity;
/** Reads and checks every store and the JAAS file; problems are ConfigErrors naming file, line and key. */
export declare function loadSecurity(config: ZkConfig, configFile: string, lines: ReadonlyMap<string, number>): LoadedSecurity;
export declare function authSettings(s: SecurityConfig, loaded: LoadedSecurity): AuthSettings;
export interface ClientPorts {
    listeners: ClientListener[];
    /** Stops watching store files. */
    close(): void;
}
/** The plain and/or TLS client listeners the configuration asks for. */
export declare function clientListeners(config: ZkConfig, loaded: LoadedSecurity, log: Logger): ClientPorts;
/** The quorum's TLS (sslQuorum / portUnification), reloading its stores if asked to. */
export declare function quorumSecurity(config: ZkConfig, loaded: LoadedSecurity, log: Logger): {
    tls: QuorumTls | null;
    close(): void;
};
