/**
 * A problem in the operator's configuration (never a bug in zk-ts). The message names the file,
 * the line when there is one, and the key: `conf/zoo.cfg:7: key 'tickTime': expected ...`.
 */
export class ConfigError extends Error {
  override name = 'ConfigError';
  readonly file: string;
  /** 1-based; undefined when the problem is not on one line (a missing key, a missing file). */
  readonly line: number | undefined;
  readonly key: string | undefined;
  /** The message without the location prefix. */
  readonly detail: string;

  constructor(file: string, line: number | undefined, key: string | undefined, detail: string) {
    super(formatLocated(file, line, key, detail));
    this.file = file;
    this.line = line;
    this.key = key;
    this.detail = detail;
  }
}

/** `file[:line]: [key 'k': ]text`, the format shared by errors and warnings. */
export function formatLocated(
  file: string,
  line: number | undefined,
  key: string | undefined,
  text: string,
): string {
  const where = line === undefined ? file : `${file}:${line}`;
  return key === undefined ? `${where}: ${text}` : `${where}: key '${key}': ${text}`;
}
