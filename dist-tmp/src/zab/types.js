/**
 * A peer broke the protocol (a message out of order, or not fitting this core's state). The
 * core that receives it drops that one link, as the link's boundary does for a frame that does
 * not decode (src/wire/quorum.ts); any other error escaping a core's receive is a bug and stops
 * the server (docs/architecture.md, "Invariants").
 */
export class ProtocolError extends Error {
    name = 'ProtocolError';
}
//# sourceMappingURL=types.js.map