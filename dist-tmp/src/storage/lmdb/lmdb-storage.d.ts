import type { Storage } from '../api.js';
/** The txn log's files, inside the data directory. */
export declare const LOG_DIR = "log";
export declare const STORAGE_FORMAT = 2;
/** lmdb's key limit with the default 4 KiB pages: longer znode paths cannot be stored. */
export declare const MAX_PATH_BYTES = 1978;
export interface LmdbStorageOptions {
    /** Reserved for the runtime's purge policy (entries to keep); not used by the storage itself. */
    logRetain?: number;
    /** Initial map size in bytes (default 1 GiB); lmdb grows it when needed. */
    mapSizeBytes?: number;
    /** A write pending longer than this poisons the storage (see "Writes that never finish"). */
    stallMs?: number;
    /** Log files are closed for appends at this size (default 64 MiB). */
    segmentBytes?: number;
    /** Log files grow by this much at a time, written with zeros ahead of the appends (default 4 MiB). */
    preallocBytes?: number;
    /** Where the storage says what it found or did at open (a cut log tail, corruption, an upgrade). */
    report?: (level: 'info' | 'warn' | 'error', msg: string) => void;
    /** Tests only: runs before each fdatasync of the log (to hold it). */
    beforeLogSyncForTesting?: () => Promise<void>;
}
/** Every failure of this module surfaces as one of these (as a rejected promise). */
export declare class StorageError extends Error {
    name: string;
}
/** A call the contract forbids (nothing was written, the storage stays usable). */
export declare class StorageUsageError extends StorageError {
    name: string;
}
export declare function openLmdbStorage(dir: string, options?: LmdbStorageOptions): Promise<Storage>;
/** Tests only: overwrite (or, with null, remove) the format marker of a closed data directory. */
export declare function setStorageFormatForTesting(dir: string, format: number | null): Promise<void>;
