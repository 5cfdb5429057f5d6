/**
 * What the election simulator knows about a server: a process that boots, crashes, receives
 * packets and wakes up at times it asked for (election-node.ts). The full peer of the Zab
 * simulator (peer-node.ts) has a richer host instead: simulated TCP links, a disk, clients.
 */
import type { Packet, Sid } from './network.js';
export interface NodeHost {
    readonly nowMs: number;
    send(to: Sid, packet: Packet): void;
    /** Asks for a wake() at `atMs` (at most once per distinct time; crashes cancel them). */
    wakeAt(atMs: number): void;
    /** A line for the trace hash and the verbose log. */
    note(line: string): void;
}
export interface SimNode {
    readonly sid: Sid;
    readonly up: boolean;
    /** Starts a new process: new incarnation, memory empty, durable state as it was. */
    boot(host: NodeHost): void;
    /** Kills the process: memory and pending wakes are gone, durable state stays. */
    crash(): void;
    receive(from: Sid, packet: Packet): void;
    wake(): void;
}
