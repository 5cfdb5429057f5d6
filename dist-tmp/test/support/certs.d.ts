export declare const STORE_PASSWORD = "test-store-pw";
export interface Issued {
    name: string;
    /** PEM private key (unencrypted). */
    key: string;
    /** PEM certificate. */
    cert: string;
    /** PEM key store: the key, the certificate and the CA certificate, one file. */
    pem: string;
    /** PKCS#12 key store (password STORE_PASSWORD) with key, certificate and CA. */
    p12: string;
}
export interface Ca {
    name: string;
    dir: string;
    /** PEM trust store: the CA certificate. */
    certFile: string;
    keyFile: string;
    /** PKCS#12 trust store (password STORE_PASSWORD) holding the CA certificate. */
    trustP12: string;
    issue(name: string, opts?: IssueOptions): Issued;
}
export interface IssueOptions {
    /** Subject, openssl form; default `/CN=<name>`. */
    subject?: string;
    /** subjectAltName entries, e.g. ['IP:127.0.0.1', 'DNS:localhost']; default those two. */
    sans?: string[];
    /** Valid from 2020-01-01 to 2020-01-02. */
    expired?: boolean;
}
export interface Pki {
    dir: string;
    ca: Ca;
    /** Another CA, which nobody trusts. */
    newCa(name: string): Ca;
    cleanup(): void;
}
export declare function makePki(): Pki;
/** TLS options of this library's client: trust `ca`, present `client` (if any). */
export declare function clientTls(ca: Ca, client?: Issued): {
    ca: string;
    key?: string;
    cert?: string;
};
/** zoo.cfg lines for a TLS client port with PEM stores. */
export declare function secureServerConfig(ca: Ca, server: Issued, securePort: number, extra?: Record<string, string | number | boolean>): Record<string, string | number | boolean>;
