/** A FIFO with O(1) push and shift, for request and reply queues on hot paths. */
export declare class Fifo<T> {
    private items;
    private head;
    get length(): number;
    push(item: T): void;
    peek(): T | undefined;
    shift(): T | undefined;
    [Symbol.iterator](): Iterator<T>;
}
