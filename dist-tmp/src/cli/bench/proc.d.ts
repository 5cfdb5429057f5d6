/** Resident set size in MiB, or null when the process is gone (or not readable). */
export declare function rssMb(pid: number): number | null;
/**
 * Resident memory split into anonymous pages (the heap: objects) and file pages (mapped files,
 * e.g. LMDB's memory-mapped data file: page cache, shared and reclaimable), in MiB.
 */
export declare function rssParts(pid: number): {
    anonMb: number;
    fileMb: number;
} | null;
/**
 * Bytes the process (all its threads) caused to be written to storage so far: counted when a
 * page is dirtied, so it follows the writes themselves, not the kernel's writeback.
 */
export declare function writeBytes(pid: number): number | null;
/** Space a directory tree takes on disk (allocated blocks) and its files' apparent size, in bytes. */
export declare function diskUsage(dir: string): {
    allocated: number;
    apparent: number;
};
/**
 * The process listening on each TCP port (null where none is found or /proc cannot tell, e.g.
 * a server of another user or on another machine).
 */
export declare function pidsListeningOn(ports: readonly number[]): (number | null)[];
export declare function straceAvailable(): boolean;
/** Calls of each syscall in `strace -c` summary text. */
export declare function parseStraceSummary(text: string): Map<string, number>;
/**
 * Counts the given syscalls of a process (all threads) during `ms` milliseconds with
 * `strace -c -f`. Resolves with null when strace is missing or cannot attach. strace slows
 * the traced process, so use this only in windows where speed is not being measured.
 */
export declare function countSyscalls(pid: number, syscalls: readonly string[], ms: number): Promise<Map<string, number> | null>;
