/**
 * The server side of ZooKeeper's SASL exchange with DIGEST-MD5 (RFC 2831), as the JDK's
 * SaslServer does it for ZooKeeper (protocol "zookeeper", server name and realm "zk-sasl-md5",
 * qop "auth"). One instance per connection:
 *
 *   client: empty token            → server: digest-challenge
 *   client: digest-response        → server: rspauth (complete: the client is `username`)
 *
 * Users and passwords come from the JAAS `Server` section (`user_<name>="<password>"`).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { digestResponse, formatDirectives, parseDirectives, ZK_DIGEST_URI, ZK_SASL_SERVER_NAME, } from '../wire/sasl-digest.js';
import { DecodeError } from '../wire/jute.js';
export const md5 = (b) => createHash('md5').update(b).digest();
/** A failed exchange; the message says why (for the server's log, never for the client). */
export class SaslAuthError extends Error {
    name = 'SaslAuthError';
}
export class DigestMd5Server {
    config;
    state = 'start';
    nonce = '';
    constructor(config) {
        this.config = config;
    }
    get isComplete() {
        return this.state === 'complete';
    }
    /** Evaluates one client token; throws SaslAuthError when the client must be refused. */
    evaluate(token) {
        try {
            return this.step(token);
        }
        catch (e) {
            this.state = 'failed';
            if (e instanceof SaslAuthError)
                throw e;
            if (e instanceof DecodeError)
                throw new SaslAuthError(e.message);
            throw e;
        }
    }
    step(token) {
        switch (this.state) {
            case 'start': {
                if (token.byteLength !== 0)
                    throw new SaslAuthError('DIGEST-MD5: the client sent an initial response, which this mechanism does not have');
                this.nonce = randomBytes(24).toString('base64');
                this.state = 'challenged';
                const challenge = formatDirectives([
                    ['realm', ZK_SASL_SERVER_NAME, true],
                    ['nonce', this.nonce, true],
                    ['qop', 'auth', true],
                    ['charset', 'utf-8', false],
                    ['algorithm', 'md5-sess', false],
                ]);
                return { done: false, token: Buffer.from(challenge, 'utf8') };
            }
            case 'challenged':
                return this.verify(Buffer.from(token).toString('utf8'));
            default:
                throw new SaslAuthError(`DIGEST-MD5: unexpected token after the exchange ${this.state === 'complete' ? 'completed' : 'failed'}`);
        }
    }
    verify(text) {
        const { values } = parseDirectives(text);
        const get = (k) => {
            const v = values.get(k);
            if (v === undefined)
                throw new SaslAuthError(`DIGEST-MD5: the response has no ${k}`);
            return v;
        };
        const username = get('username');
        const realm = values.get('realm') ?? ZK_SASL_SERVER_NAME;
        if (realm !== ZK_SASL_SERVER_NAME)
            throw new SaslAuthError(`DIGEST-MD5: unknown realm '${realm}'`);
        if (get('nonce') !== this.nonce)
            throw new SaslAuthError('DIGEST-MD5: the nonce does not match the challenge');
        const nc = get('nc');
        if (!/^[0-9a-fA-F]{8}$/.test(nc) || parseInt(nc, 16) !== 1)
            throw new SaslAuthError(`DIGEST-MD5: nonce count ${nc}, expected 00000001`);
        const qop = values.get('qop') ?? 'auth';
        if (qop !== 'auth')
            throw new SaslAuthError(`DIGEST-MD5: quality of protection '${qop}' is not offered (only auth)`);
        const digestUri = get('digest-uri');
        if (digestUri.toLowerCase() !== ZK_DIGEST_URI)
            throw new SaslAuthError(`DIGEST-MD5: digest-uri '${digestUri}', expected '${ZK_DIGEST_URI}'`);
        const charset = values.get('charset');
        if (charset !== undefined && charset.toLowerCase() !== 'utf-8')
            throw new SaslAuthError(`DIGEST-MD5: charset '${charset}'`);
        const password = this.config.users.get(username);
        if (password === undefined)
            throw new SaslAuthError(`DIGEST-MD5: unknown user '${username}'`);
        const response = get('response').toLowerCase();
        const params = {
            username,
            realm,
            password,
            nonce: this.nonce,
            cnonce: get('cnonce'),
            nc,
            qop,
            digestUri,
            authzid: values.get('authzid'),
            utf8: charset !== undefined,
        };
        const expected = digestResponse(md5, params, false);
        if (response.length !== expected.length || !timingSafeEqual(Buffer.from(response), Buffer.from(expected))) {
            throw new SaslAuthError(`DIGEST-MD5: wrong password for user '${username}'`);
        }
        this.state = 'complete';
        const rspauth = `rspauth=${digestResponse(md5, params, true)}`;
        // ZooKeeper authorizes the authentication id (the user name), whatever authzid says.
        return { done: true, token: Buffer.from(rspauth, 'utf8'), user: username };
    }
}
//# sourceMappingURL=sasl.js.map