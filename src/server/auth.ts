/** Auth schemes a client may present (wire reference §8.8). */
import { createHash } from 'node:crypto';
import type { Id } from '../wire/records.js';

/** digest ids are stored as user:base64(sha1(user:password)). */
export function digestId(userPassword: string): string {
  const user = userPassword.split(':')[0];
  return user + ':' + createHash('sha1').update(userPassword, 'utf8').digest('base64');
}

/**
 * The ids an AuthPacket grants, or null when it is refused (AUTHFAILED). `superDigest` is the
 * configured `super:<base64>` credential (DigestAuthenticationProvider.superDigest).
 */
export function authenticate(scheme: string, auth: Uint8Array, superDigest: string | undefined): Id[] | null {
  if (scheme !== 'digest') return null;
  const text = Buffer.from(auth).toString('utf8');
  const id = digestId(text);
  const ids: Id[] = [{ scheme: 'digest', id }];
  if (superDigest !== undefined && id === superDigest) ids.push({ scheme: 'super', id: '' });
  return ids;
}
