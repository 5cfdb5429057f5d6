import type { Id } from '../wire/records.js';
/** digest ids are stored as user:base64(sha1(user:password)). */
export declare function digestId(userPassword: string): string;
/**
 * The ids an AuthPacket grants, or null when it is refused (AUTHFAILED). `superDigest` is the
 * configured `super:<base64>` credential (DigestAuthenticationProvider.superDigest). The schemes
 * are ZooKeeper's default providers: `digest`, and `ip`, which ignores its data and grants the
 * client's own address (an id every connection holds already; docs/compatibility.md).
 */
export declare function authenticate(scheme: string, auth: Uint8Array | null, superDigest: string | undefined, remoteAddress: string): Id[] | null;
