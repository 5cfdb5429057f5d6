export interface ServerArgs {
    config: string;
    'client-port'?: number;
    'data-dir'?: string;
    'log-level'?: string;
    election?: 'basic' | 'fast';
    /** Recording (docs/operations.md): rare, so left to yargs (parseUsualArgs returns null). */
    record?: string;
    'record-limit'?: number;
    'record-check-every'?: number;
}
/**
 * The usual command line (long options, each at most once, valid values) parsed without yargs:
 * loading yargs cost ~0.2-0.4 s of CPU at every start (docs/performance.md). Anything else (help,
 * version, an error, camelCase or repeated options) is left to yargs, so its messages and
 * behaviour are unchanged. Returns null then.
 */
export declare function parseUsualArgs(args: string[]): ServerArgs | null;
