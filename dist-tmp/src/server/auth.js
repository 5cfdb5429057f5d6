/** Auth schemes a client may present (docs/client-protocol.md, "Authentication"). */
import { createHash } from 'node:crypto';
/** digest ids are stored as user:base64(sha1(user:password)). */
export function digestId(userPassword) {
    const user = userPassword.split(':')[0];
    return user + ':' + createHash('sha1').update(userPassword, 'utf8').digest('base64');
}
/**
 * The ids an AuthPacket grants, or null when it is refused (AUTHFAILED). `superDigest` is the
 * configured `super:<base64>` credential (DigestAuthenticationProvider.superDigest). The schemes
 * are ZooKeeper's default providers: `digest`, and `ip`, which ignores its data and grants the
 * client's own address (an id every connection holds already; docs/compatibility.md).
 */
export function authenticate(scheme, auth, superDigest, remoteAddress) {
    if (scheme === 'ip')
        return [{ scheme: 'ip', id: remoteAddress }];
    // A null credential (buffer length -1) fails, as ZooKeeper's digest provider does.
    if (scheme !== 'digest' || auth === null)
        return null;
    const text = Buffer.from(auth).toString('utf8');
    const id = digestId(text);
    const ids = [{ scheme: 'digest', id }];
    if (superDigest !== undefined && id === superDigest)
        ids.push({ scheme: 'super', id: '' });
    return ids;
}
//# sourceMappingURL=auth.js.map