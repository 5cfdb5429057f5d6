/**
 * JAAS login configuration files, the format ZooKeeper reads SASL users from:
 *
 *   Server {
 *     org.apache.zookeeper.server.auth.DigestLoginModule required
 *     user_super="adminsecret"
 *     user_bob="bobsecret";
 *   };
 *   Client {
 *     org.apache.zookeeper.server.auth.DigestLoginModule required
 *     username="bob" password="bobsecret";
 *   };
 *
 * A section is `Name { entry; ... };`, an entry is `LoginModuleClass flag option=value ...;`
 * with flag one of required, requisite, sufficient, optional. Values are quoted strings (with
 * backslash escapes) or bare words. `//`, `/* *\/` and `#` start comments. Pure: the caller reads
 * the file; errors carry the 1-based line.
 */
export interface JaasEntry {
    loginModule: string;
    flag: 'required' | 'requisite' | 'sufficient' | 'optional';
    options: Map<string, string>;
    line: number;
}
export interface JaasSection {
    name: string;
    entries: JaasEntry[];
    line: number;
}
export declare class JaasSyntaxError extends Error {
    readonly line: number;
    readonly detail: string;
    name: string;
    constructor(line: number, detail: string);
}
export declare function parseJaas(text: string): JaasSection[];
/** DIGEST-MD5 users of a server section: every `user_<name>="<password>"` option. */
export declare function digestUsers(section: JaasSection): Map<string, string>;
/** A client section's `username` and `password`, if both are given. */
export declare function digestCredentials(section: JaasSection): {
    username: string;
    password: string;
} | undefined;
