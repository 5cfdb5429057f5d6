/**
 * A problem in the operator's configuration (never a bug in zk-ts). The message names the file,
 * the line when there is one, and the key: `conf/zoo.cfg:7: key 'tickTime': expected ...`.
 */
export declare class ConfigError extends Error {
    name: string;
    readonly file: string;
    /** 1-based; undefined when the problem is not on one line (a missing key, a missing file). */
    readonly line: number | undefined;
    readonly key: string | undefined;
    /** The message without the location prefix. */
    readonly detail: string;
    constructor(file: string, line: number | undefined, key: string | undefined, detail: string);
}
/** `file[:line]: [key 'k': ]text`, the format shared by errors and warnings. */
export declare function formatLocated(file: string, line: number | undefined, key: string | undefined, text: string): string;
