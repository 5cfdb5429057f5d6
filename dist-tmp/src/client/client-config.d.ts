import type { ClientTlsOptions } from './connection.js';
import type { SaslCredentials } from './sasl.js';
export interface ClientSecurityOptions {
    tls?: ClientTlsOptions;
    sasl?: SaslCredentials;
}
/** Java properties text → key/value (comments, `=`, `:` or space separators, continuations). */
export declare function parseClientProperties(text: string): Map<string, string>;
/** `-Dkey=value` flags of a JVMFLAGS-style string → key/value. */
export declare function parseJvmFlags(flags: string): Map<string, string>;
/** Reads a client configuration file; relative paths in it resolve against `baseDir` (as Java: the working directory). */
export declare function loadClientConfigFile(file: string, baseDir?: string): ClientSecurityOptions;
/**
 * ZooKeeper client properties → TLS and SASL options. Files are read now; a problem throws an
 * Error naming the property.
 */
export declare function clientSecurityOptions(props: ReadonlyMap<string, string>, baseDir?: string): ClientSecurityOptions;
