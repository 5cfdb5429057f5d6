/** A raw TCP client for byte-exact protocol tests: send bytes, read whole frames. */
import { Socket } from 'node:net';
export declare class RawClient {
    readonly socket: Socket;
    private buf;
    private waiters;
    closed: boolean;
    private constructor();
    static open(port: number, host?: string): Promise<RawClient>;
    private wake;
    send(hexOrBytes: string | Uint8Array): void;
    /** The next frame including its 4-byte length, or null if the server closed first. */
    frame(timeoutMs?: number): Promise<Buffer | null>;
    /** Resolves true once the server has closed the connection (within the timeout). */
    closedByServer(timeoutMs?: number): Promise<boolean>;
    close(): void;
}
export declare function fromHex(s: string): Buffer;
export declare function toHex(b: Uint8Array): string;
