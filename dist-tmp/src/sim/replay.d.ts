export interface CheckOutcome {
    /** Line number in the recording (1-based). */
    line: number;
    inputs: number;
    final: boolean;
    match: boolean;
    recorded: {
        effects: string;
        state: string;
    };
    replayed: {
        effects: string;
        state: string;
    };
    recordedSummary?: unknown;
    replayedSummary?: unknown;
}
export interface ReplayResult {
    mode: 'quorum' | 'standalone';
    inputs: number;
    checks: CheckOutcome[];
    /** How the recording ended: a final checkpoint, the size limit, or cut short (a killed server). */
    end: 'final' | 'limit' | 'cut';
    /** The replay left the recording (a read or a drain the recording does not have): where and why. */
    divergence: string | null;
    /** The hashes of the replayed run at its end (state with the tree digest). */
    effects: string;
    state: string;
    summary: unknown;
}
export declare function replayRecording(text: string, verbose?: (line: string) => void): ReplayResult;
