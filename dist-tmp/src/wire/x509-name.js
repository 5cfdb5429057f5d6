/**
 * The subject of an X.509 certificate as a string, the way ZooKeeper's x509 ACL scheme names a
 * client: Java's `X500Principal.getName()`, i.e. RFC 2253 — RDNs from last to first, joined by
 * ',', multi-valued RDNs joined by '+', the RFC 2253 keywords (CN, C, L, ST, O, OU, STREET, DC,
 * UID) by name and any other attribute as its dotted OID with '#' and the hex of its DER value.
 * Escaping follows the JDK: each of , = + < > # ; " \ is preceded by a backslash, as are leading
 * and trailing spaces. docs/security.md shows examples.
 */
import { children, encodingOf, expectTag, readOid, readRoot, readString, Tag, toHex } from './der.js';
import { DecodeError } from './jute.js';
const RFC2253_KEYWORDS = {
    '2.5.4.3': 'CN',
    '2.5.4.6': 'C',
    '2.5.4.7': 'L',
    '2.5.4.8': 'ST',
    '2.5.4.9': 'STREET',
    '2.5.4.10': 'O',
    '2.5.4.11': 'OU',
    '0.9.2342.19200300.100.1.25': 'DC',
    '0.9.2342.19200300.100.1.1': 'UID',
};
/** The string types the JDK renders as text in RFC 2253 form (others become #hex). */
const TEXT_TAGS = new Set([
    Tag.PRINTABLE_STRING,
    Tag.T61_STRING,
    Tag.IA5_STRING,
    Tag.GENERAL_STRING,
    Tag.BMP_STRING,
    Tag.UTF8_STRING,
]);
const ESCAPED = ',=+<>#;"\\';
/** The tbsCertificate fields of a DER certificate, by position (version tag skipped). */
function tbsFields(certDer) {
    const cert = expectTag(readRoot(certDer), Tag.SEQUENCE, 'certificate');
    const tbs = expectTag(children(cert)[0] ?? fail('empty certificate'), Tag.SEQUENCE, 'tbsCertificate');
    const fields = children(tbs);
    return fields[0]?.tag === 0xa0 ? fields.slice(1) : fields;
}
function fail(msg) {
    throw new DecodeError(msg);
}
/** `X500Principal.getName()` of the certificate's subject. */
export function subjectRfc2253(certDer) {
    const subject = tbsFields(certDer)[4] ?? fail('certificate without a subject');
    return nameRfc2253(subject);
}
/** `X500Principal.getName()` of the certificate's issuer. */
export function issuerRfc2253(certDer) {
    return nameRfc2253(tbsFields(certDer)[2] ?? fail('certificate without an issuer'));
}
/** An X.501 Name (SEQUENCE OF SET OF AttributeTypeAndValue) in RFC 2253 form. */
export function nameRfc2253(name) {
    expectTag(name, Tag.SEQUENCE, 'name');
    const rdns = children(name).map((rdn) => {
        expectTag(rdn, Tag.SET, 'relative distinguished name');
        return children(rdn)
            .map((ava) => {
            const [type, value] = children(expectTag(ava, Tag.SEQUENCE, 'attribute'));
            if (!type || !value)
                fail('attribute without type or value');
            return avaRfc2253(readOid(type), value);
        })
            .join('+');
    });
    return rdns.reverse().join(',');
}
function avaRfc2253(oid, value) {
    const keyword = RFC2253_KEYWORDS[oid];
    const text = TEXT_TAGS.has(value.tag) ? readString(value) : undefined;
    if (keyword === undefined || text === undefined)
        return `${keyword ?? oid}=#${toHex(encodingOf(value))}`;
    return `${keyword}=${escapeRfc2253(text)}`;
}
export function escapeRfc2253(text) {
    let body = '';
    for (const c of text) {
        if (ESCAPED.includes(c))
            body += '\\' + c;
        else if (c === '\u0000')
            body += '\\00';
        else
            body += c;
    }
    // Leading and trailing spaces (and CRs) are escaped one by one.
    const chars = [...body];
    let lead = 0;
    while (lead < chars.length && (chars[lead] === ' ' || chars[lead] === '\r'))
        lead++;
    let trail = chars.length - 1;
    while (trail >= 0 && (chars[trail] === ' ' || chars[trail] === '\r'))
        trail--;
    return chars.map((c, i) => (i < lead || i > trail ? '\\' + c : c)).join('');
}
//# sourceMappingURL=x509-name.js.map