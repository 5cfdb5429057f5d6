/**
 * Quorum links over TCP: length-prefixed quorum messages (src/wire/quorum.ts). The leader
 * accepts learners on its quorum port; a learner opens one link to its leader. This is where
 * frames become typed messages and back: a frame that does not decode closes that link and
 * nothing else, and the cores only ever see messages.
 */
import { Server, Socket } from 'node:net';
import { LeaderMessage, LearnerMessage, QuorumSender, SentLeaderMessage } from '../wire/quorum.js';
import type { QuorumTls } from './quorum-tls.js';
/** What a link reads, by the role at its other end. */
export type Received<Peer extends QuorumSender> = Peer extends 'leader' ? LeaderMessage : LearnerMessage;
/** What a link writes, by the role at its other end. */
export type Sent<Peer extends QuorumSender> = Peer extends 'leader' ? LearnerMessage : SentLeaderMessage;
export interface QuorumLinkEvents<In> {
    onPacket(p: In): void;
    onClose(reason: string): void;
}
export declare class QuorumLink<Peer extends QuorumSender> {
    readonly socket: Socket;
    /** The role at the other end: 'learner' on the leader's links, 'leader' on a learner's. */
    private readonly peer;
    private readonly events;
    /** With quorum security: false closes the link before the message reaches the core. */
    private readonly admit?;
    private buffer;
    private closed;
    private corked;
    constructor(socket: Socket, 
    /** The role at the other end: 'learner' on the leader's links, 'leader' on a learner's. */
    peer: Peer, events: QuorumLinkEvents<Received<Peer>>, 
    /** With quorum security: false closes the link before the message reaches the core. */
    admit?: ((p: Received<Peer>) => boolean) | undefined);
    private onData;
    /**
     * Queues a packet. The packets of one event-loop turn leave together: the socket is corked at
     * the first and uncorked once the turn's work is done (process.nextTick runs after the
     * runtime's flush), so a turn that sends a PROPOSAL, a COMMIT and a PING costs one write.
     */
    send(p: Sent<Peer>): void;
    /** Resolves once queued output has drained (for streaming a snapshot without hogging memory). */
    drained(): Promise<void>;
    get isClosed(): boolean;
    close(reason: string): void;
    private finish;
}
/** Listens on the quorum port; every accepted socket becomes a link. With `tls`, see quorum-tls.ts. */
export declare function listenQuorum(host: string, port: number, onSocket: (s: Socket) => void, tls?: QuorumTls | null): Promise<Server>;
/**
 * One attempt to connect to a leader's quorum port (the interpreter, src/drive/peer-driver.ts,
 * retries until initLimit). With `tls` (sslQuorum), over TLS to server `sid`, whose
 * certificate must prove it.
 */
export declare function connectQuorum(host: string, port: number, tls?: {
    quorum: QuorumTls;
    sid: number;
} | null): Promise<Socket>;
