/**
 * The simulator's agenda: a binary min-heap ordered by (time, seq). `seq` is the order of
 * scheduling, so two events at the same virtual millisecond always run in the same order.
 */
export interface SimEvent {
    atMs: number;
    seq: number;
    run: () => void;
}
export declare class EventQueue {
    private heap;
    private nextSeq;
    get size(): number;
    push(atMs: number, run: () => void): void;
    peekTime(): number | null;
    pop(): SimEvent | undefined;
}
