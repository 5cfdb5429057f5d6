/**
 * The Disk port over a promise-based Storage (src/storage/api.ts): what src/net gives the
 * interpreter over lmdb, and what unit tests give it over the memory storage. Each call is made
 * on the storage at once, so the storage's call order is the interpreter's; its answer comes
 * back when the promise settles.
 */
import type { Storage } from '../storage/api.js';
import type { Disk } from './ports.js';
export declare function storageDisk(storage: Storage): Disk;
