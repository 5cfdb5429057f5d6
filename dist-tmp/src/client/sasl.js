/**
 * The client side of SASL DIGEST-MD5 (RFC 2831) as ZooKeeper's Java client runs it: an empty
 * first token, the digest-response to the server's challenge, then a check of the server's
 * rspauth (so a server that does not know the password cannot pretend the login succeeded).
 */
import { createHash, randomBytes } from 'node:crypto';
import { digestResponse, formatDirectives, parseDirectives, ZK_DIGEST_URI, ZK_SASL_SERVER_NAME, } from '../wire/sasl-digest.js';
const md5 = (b) => createHash('md5').update(b).digest();
export class DigestMd5Client {
    creds;
    state = 'start';
    params = null;
    constructor(creds) {
        this.creds = creds;
    }
    get isComplete() {
        return this.state === 'complete';
    }
    /** The first token: empty (DIGEST-MD5 has no initial response). */
    initial() {
        return new Uint8Array(0);
    }
    /**
     * The answer to a server token: the digest-response to the challenge, then null once the
     * server's rspauth verifies. Throws when the server's tokens are wrong.
     */
    evaluate(serverToken) {
        const text = Buffer.from(serverToken ?? new Uint8Array(0)).toString('utf8');
        if (this.state === 'start') {
            const { values, realms } = parseDirectives(text);
            const nonce = values.get('nonce');
            if (nonce === undefined)
                throw new Error('DIGEST-MD5: the server challenge has no nonce');
            const qops = (values.get('qop') ?? 'auth').split(',').map((q) => q.trim());
            if (!qops.includes('auth'))
                throw new Error(`DIGEST-MD5: the server offers qop ${qops.join(',')}, not auth`);
            const utf8 = values.get('charset')?.toLowerCase() === 'utf-8';
            const realm = realms[0] ?? ZK_SASL_SERVER_NAME;
            this.params = {
                username: this.creds.username,
                realm,
                password: this.creds.password,
                nonce,
                cnonce: randomBytes(24).toString('base64'),
                nc: '00000001',
                qop: 'auth',
                digestUri: ZK_DIGEST_URI,
                utf8,
            };
            const response = digestResponse(md5, this.params, false);
            this.state = 'responded';
            const entries = [];
            if (utf8)
                entries.push(['charset', 'utf-8', false]);
            entries.push(['username', this.creds.username, true], ['realm', realm, true], ['nonce', nonce, true], ['nc', '00000001', false], ['cnonce', this.params.cnonce, true], ['digest-uri', ZK_DIGEST_URI, true], ['maxbuf', '65536', false], ['response', response, false], ['qop', 'auth', false]);
            return Buffer.from(formatDirectives(entries), 'utf8');
        }
        if (this.state === 'responded') {
            const rspauth = parseDirectives(text).values.get('rspauth');
            if (rspauth === undefined || rspauth.toLowerCase() !== digestResponse(md5, this.params, true)) {
                throw new Error('DIGEST-MD5: the server did not prove that it knows the password (bad rspauth)');
            }
            this.state = 'complete';
            return null;
        }
        throw new Error('DIGEST-MD5: the exchange is already complete');
    }
}
//# sourceMappingURL=sasl.js.map