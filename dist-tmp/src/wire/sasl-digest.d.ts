export type Md5 = (data: Uint8Array) => Uint8Array;
export declare const ZK_SASL_PROTOCOL = "zookeeper";
export declare const ZK_SASL_SERVER_NAME = "zk-sasl-md5";
export declare const ZK_DIGEST_URI = "zookeeper/zk-sasl-md5";
/** Directives of a challenge or response. `realm` may repeat in a challenge; nothing else may. */
export interface Directives {
    values: Map<string, string>;
    realms: string[];
}
/**
 * Parses `name=value` pairs separated by commas (empty elements allowed, as RFC 2831's #rule);
 * a value is a token or a quoted-string with backslash escapes. Names are case-insensitive.
 */
export declare function parseDirectives(text: string): Directives;
/** `name=value` joined by commas; quoted values get `"` and `\` escaped. */
export declare function formatDirectives(entries: ReadonlyArray<readonly [name: string, value: string, quoted: boolean]>): string;
export interface DigestParams {
    username: string;
    realm: string;
    password: string;
    nonce: string;
    cnonce: string;
    /** 8 hex digits, "00000001" for the first (and in ZooKeeper the only) authentication. */
    nc: string;
    qop: string;
    digestUri: string;
    authzid?: string;
    /** Both sides agreed on charset=utf-8 (RFC 2831 §2.1.2.1). */
    utf8: boolean;
}
/**
 * The `response` value (client proof, `forRspauth` false) or the server's `rspauth`
 * (`forRspauth` true), as 32 lowercase hex digits. algorithm=md5-sess, qop=auth.
 */
export declare function digestResponse(md5: Md5, p: DigestParams, forRspauth: boolean): string;
/** With charset=utf-8: ISO 8859-1 bytes when every character fits, UTF-8 otherwise (RFC 2831 §2.1.2.1). */
export declare function encodeString(s: string, utf8: boolean): Uint8Array;
export declare function hex(b: Uint8Array): string;
