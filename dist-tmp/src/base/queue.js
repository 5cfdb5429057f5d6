/** A FIFO with O(1) push and shift, for request and reply queues on hot paths. */
export class Fifo {
    items = [];
    head = 0;
    get length() {
        return this.items.length - this.head;
    }
    push(item) {
        this.items.push(item);
    }
    peek() {
        return this.items[this.head];
    }
    shift() {
        if (this.head >= this.items.length)
            return undefined;
        const item = this.items[this.head];
        this.items[this.head++] = undefined;
        if (this.head > 1024 && this.head * 2 > this.items.length) {
            this.items = this.items.slice(this.head);
            this.head = 0;
        }
        return item;
    }
    *[Symbol.iterator]() {
        for (let i = this.head; i < this.items.length; i++)
            yield this.items[i];
    }
}
//# sourceMappingURL=queue.js.map