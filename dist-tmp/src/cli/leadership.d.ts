export interface LeadershipIo {
    out(text: string): void;
}
/** Sends a four-letter word, resolves with everything the server wrote before closing. */
export declare function fourLetterWord(address: string, word: string, timeoutMs?: number): Promise<string>;
/** The host:port list of a connect string (the chroot, if any, dropped). */
export declare function connectStringHosts(connectString: string): string[];
/** Runs the transfer; throws an Error whose message says why it did not happen. */
export declare function transferLeader(connectString: string, successor: number | null, io: LeadershipIo, waitMs: number): Promise<void>;
