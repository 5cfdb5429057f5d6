/**
 * A problem in the operator's configuration (never a bug in zk-ts). The message names the file,
 * the line when there is one, and the key: `conf/zoo.cfg:7: key 'tickTime': expected ...`.
 */
export class ConfigError extends Error {
    name = 'ConfigError';
    file;
    /** 1-based; undefined when the problem is not on one line (a missing key, a missing file). */
    line;
    key;
    /** The message without the location prefix. */
    detail;
    constructor(file, line, key, detail) {
        super(formatLocated(file, line, key, detail));
        this.file = file;
        this.line = line;
        this.key = key;
        this.detail = detail;
    }
}
/** `file[:line]: [key 'k': ]text`, the format shared by errors and warnings. */
export function formatLocated(file, line, key, text) {
    const where = line === undefined ? file : `${file}:${line}`;
    return key === undefined ? `${where}: ${text}` : `${where}: key '${key}': ${text}`;
}
//# sourceMappingURL=error.js.map