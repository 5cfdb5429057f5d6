/**
 * The znode records of a load, held compactly until the tree is rebuilt from them
 * (docs/performance.md, "Memory at 1,000,000 znodes"). Reading a million records as a million
 * decoded objects (each with its own copied buffer) doubled the memory at start-up and kept
 * the garbage collector busy for seconds. Instead the load copies the raw bytes of every record
 * into a few large chunks, in one pass of the read transaction, and the records are decoded one
 * at a time as the tree takes them, each becoming garbage at once. The chunks are large
 * allocations of their own, so their memory goes back to the system when the load is dropped.
 *
 * A decoded record's data is a view into a chunk (ZNodeBulkDecoder): the tree copies it. The
 * iterable can be iterated more than once; a corrupt record throws what `corrupt` makes of it.
 */
import { ZNodeBulkDecoder, type ZNodeRecord } from '../../wire/persist.js';

const CHUNK_BYTES = 16 * 1024 * 1024;

export class StoredRecords implements Iterable<[string, ZNodeRecord]> {
  private readonly paths: string[] = [];
  /** Per record: chunk index, offset in it, length (three numbers each). */
  private readonly where: number[] = [];
  private readonly chunks: Uint8Array[] = [];
  private used = CHUNK_BYTES;

  constructor(private readonly corrupt: (path: string, e: unknown) => Error) {}

  get size(): number {
    return this.paths.length;
  }

  /** Copies `bytes` (lmdb may reuse them once the iteration moves on). */
  add(path: string, bytes: Uint8Array): void {
    if (this.used + bytes.byteLength > this.current().byteLength) {
      this.chunks.push(new Uint8Array(Math.max(CHUNK_BYTES, bytes.byteLength)));
      this.used = 0;
    }
    this.current().set(bytes, this.used);
    this.paths.push(path);
    this.where.push(this.chunks.length - 1, this.used, bytes.byteLength);
    this.used += bytes.byteLength;
  }

  *[Symbol.iterator](): Iterator<[string, ZNodeRecord]> {
    const decoder = new ZNodeBulkDecoder();
    for (let i = 0; i < this.paths.length; i++) {
      const chunk = this.chunks[this.where[3 * i]!]!;
      const at = this.where[3 * i + 1]!;
      let rec: ZNodeRecord;
      try {
        rec = decoder.decode(chunk.subarray(at, at + this.where[3 * i + 2]!));
      } catch (e) {
        throw this.corrupt(this.paths[i]!, e);
      }
      yield [this.paths[i]!, rec];
    }
  }

  private current(): Uint8Array {
    return this.chunks.length === 0 ? new Uint8Array(0) : this.chunks[this.chunks.length - 1]!;
  }
}
