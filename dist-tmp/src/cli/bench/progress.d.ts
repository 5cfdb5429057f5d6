/**
 * A one-line progress bar on stderr when stderr is a terminal; plain lines otherwise. stdout
 * is kept for the JSON result, so piping it never captures the bar.
 */
export interface ProgressSink {
    isTTY?: boolean;
    columns?: number;
    write(s: string): unknown;
}
/** The bar's text for `fraction` done (pure, for tests). */
export declare function renderBar(label: string, fraction: number, width: number, detail?: string): string;
export declare class Progress {
    private readonly out;
    private readonly quiet;
    private shown;
    private lastDraw;
    private label;
    constructor(out?: ProgressSink, quiet?: boolean);
    get interactive(): boolean;
    /** Starts a new phase: a line of its own when not interactive. */
    phase(label: string): void;
    update(fraction: number, detail?: string): void;
    /** A line of output that stays (the bar is redrawn below it on the next update). */
    note(line: string): void;
    clear(): void;
}
