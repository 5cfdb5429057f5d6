/**
 * Distinct id types. Server ids, link ids and connection ids are all small JS numbers, and a
 * zxid is a bigint like a session id: plain `number`/`bigint` would let one pass for another
 * without a word from the compiler. Each is branded here (the zxid in ./zxid.ts), so mixing them
 * is a type error. A brand is an intersection, so using one as a plain number is free; making
 * one is a cast, done only where the id is born: parsing zoo.cfg and myid, decoding a message,
 * allocating a link or connection (the constructors below).
 */

/** A server's id: `server.N` in zoo.cfg, the myid file, the sid on the election and quorum wire. */
export type Sid = number & { readonly __brand: 'Sid' };

/** One quorum TCP link of a peer, numbered by the process that holds it. */
export type LinkId = number & { readonly __brand: 'LinkId' };

/** One client connection of a server, numbered by the server. */
export type ConnId = number & { readonly __brand: 'ConnId' };

export function asSid(n: number): Sid {
  return n as Sid;
}

/** No server: a learner that has not said who it is yet, the vote of an observer (no candidate). */
export const NO_SID: Sid = asSid(-1);

export function asLinkId(n: number): LinkId {
  return n as LinkId;
}

export function asConnId(n: number): ConnId {
  return n as ConnId;
}
