export interface Pkcs12Crypto {
    pbkdf2(password: Uint8Array, salt: Uint8Array, iterations: number, keyLength: number, hash: string): Uint8Array;
    /** `cipher` is an OpenSSL name: aes-256-cbc, des-ede3-cbc, rc2-40-cbc, ... */
    decrypt(cipher: string, key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array;
    hmac(hash: string, key: Uint8Array, data: Uint8Array): Uint8Array;
    digest(hash: string, data: Uint8Array): Uint8Array;
}
export interface Pkcs12Contents {
    /** DER certificates, in the order of the file. */
    certificates: Uint8Array[];
    /** The store holds at least one private key (then Node can load it as a `pfx`). */
    hasKey: boolean;
}
export declare function readPkcs12(bytes: Uint8Array, password: string, crypto: Pkcs12Crypto): Pkcs12Contents;
/** RFC 7292 appendix B.2: the PKCS#12 key derivation (password as BMPString with a NUL). */
export declare function pkcs12Kdf(crypto: Pkcs12Crypto, hash: {
    name: string;
    bytes: number;
    block: number;
}, password: string, salt: Uint8Array, iterations: number, id: number, length: number): Uint8Array;
