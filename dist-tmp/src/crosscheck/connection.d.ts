import { type ConnectResponse, type ReplyHeader, type WatcherEvent } from '../wire/records.js';
/** What arrived on a connection, in arrival order. */
export type Arrival = {
    kind: 'event';
    zxid: bigint;
    event: WatcherEvent;
} | {
    kind: 'reply';
    header: ReplyHeader;
    body: Uint8Array;
} | {
    kind: 'closed';
};
export declare class RawConnection {
    private readonly socket;
    private buf;
    private readonly arrivals;
    private waiters;
    /** The next frame is the ConnectResponse (it has no ReplyHeader). */
    private handshaking;
    closed: boolean;
    private constructor();
    static open(port: number, host?: string): Promise<RawConnection>;
    /** Sends a ConnectRequest and waits for the answer; null when the server closed instead. */
    handshake(sessionId: bigint, passwd: Uint8Array, timeOut: number, lastZxidSeen: bigint, timeoutMs: number): Promise<ConnectResponse | null>;
    send(frame: Uint8Array): void;
    /**
     * Waits until `done` says the arrivals so far are complete (or the connection closed), then
     * hands them over. Throws after `timeoutMs`.
     */
    collect(done: (a: readonly Arrival[]) => boolean, timeoutMs: number): Promise<Arrival[]>;
    /** Closes the socket from our side (the session lives on in the server). */
    drop(): void;
    private parse;
    private wait;
    private wake;
}
