/**
 * The subject of an X.509 certificate as a string, the way ZooKeeper's x509 ACL scheme names a
 * client: Java's `X500Principal.getName()`, i.e. RFC 2253 — RDNs from last to first, joined by
 * ',', multi-valued RDNs joined by '+', the RFC 2253 keywords (CN, C, L, ST, O, OU, STREET, DC,
 * UID) by name and any other attribute as its dotted OID with '#' and the hex of its DER value.
 * Escaping follows the JDK: each of , = + < > # ; " \ is preceded by a backslash, as are leading
 * and trailing spaces. docs/security.md shows examples.
 */
import { type DerNode } from './der.js';
/** `X500Principal.getName()` of the certificate's subject. */
export declare function subjectRfc2253(certDer: Uint8Array): string;
/** `X500Principal.getName()` of the certificate's issuer. */
export declare function issuerRfc2253(certDer: Uint8Array): string;
/** An X.501 Name (SEQUENCE OF SET OF AttributeTypeAndValue) in RFC 2253 form. */
export declare function nameRfc2253(name: DerNode): string;
export declare function escapeRfc2253(text: string): string;
