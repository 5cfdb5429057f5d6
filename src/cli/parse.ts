/**
 * Command-line parsing the way zkCli does it: its tokenizer for shell lines (quotes keep
 * spaces, surrounding quotes are stripped), its top-level options (-server, -timeout, -r),
 * and a small POSIX option parser like the commons-cli one each zkCli command uses (flags
 * may be grouped, options may follow positional arguments).
 */

/** ZooKeeperMain.MyCommandOptions.ARGS_PATTERN / QUOTED_PATTERN. */
const ARGS_PATTERN = /\s*([^"'\s]\S*|"[^"]*"|'[^']*')\s*/g;
const QUOTED_PATTERN = /^(['"])(.*)\1$/s;

export function tokenize(line: string): string[] {
  const out: string[] = [];
  ARGS_PATTERN.lastIndex = 0;
  for (let m = ARGS_PATTERN.exec(line); m !== null; m = ARGS_PATTERN.exec(line)) {
    if (m[0].length === 0) {
      ARGS_PATTERN.lastIndex++;
      continue;
    }
    let v = m[1];
    const q = QUOTED_PATTERN.exec(v!);
    if (q) v = q[2];
    out.push(v!);
  }
  return out;
}

export interface MainOptions {
  server: string;
  timeout: number;
  readOnly: boolean;
  /** The command and its arguments; empty for the interactive shell. */
  command: string[];
  help: boolean;
  /** -waitforconnection: fail (exit 1) unless connected within the timeout. */
  waitForConnection: boolean;
  /** -client-configuration FILE: ZooKeeper client properties (TLS, SASL). */
  clientConfiguration: string | null;
}

/** ZooKeeperMain.parseOptions: options until the first word that is not an option. */
export function parseMainArgs(argv: readonly string[]): MainOptions {
  const opts: MainOptions = {
    server: 'localhost:2181',
    timeout: 30000,
    readOnly: false,
    command: [],
    help: false,
    waitForConnection: false,
    clientConfiguration: null,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const need = () => {
      if (i + 1 >= argv.length) throw new Error(`Error: no argument found for option ${a}`);
      return argv[++i]!;
    };
    if (a === '-server' || a === '--server') opts.server = need();
    else if (a === '-timeout' || a === '--timeout') {
      const t = Number(need());
      if (!Number.isInteger(t) || t <= 0) throw new Error(`Error: bad timeout ${argv[i]}`);
      opts.timeout = t;
    } else if (a === '-r') opts.readOnly = true;
    else if (a === '-waitforconnection') opts.waitForConnection = true;
    else if (a === '-client-configuration') opts.clientConfiguration = need();
    else if (a === '-h' || a === '--help' || a === '-help') opts.help = true;
    else if (!a.startsWith('-')) {
      opts.command = argv.slice(i);
      break;
    }
    // Unknown options are ignored, as zkCli does.
  }
  return opts;
}

/** A commons-cli ParseException: zkCli prints it with its class name (CliParseException(cause)). */
export class ParseError extends Error {
  constructor(
    message: string,
    readonly exception: 'UnrecognizedOptionException' | 'MissingArgumentException' | 'MissingOptionException' | 'AlreadySelectedException',
  ) {
    super(message);
  }

  /** What zkCli prints: the exception's toString(). */
  get cliMessage(): string {
    return `org.apache.commons.cli.${this.exception}: ${this.message}`;
  }
}

export interface ParsedCommand {
  /** Positional arguments, including the command name at [0] (as zkCli's cl.getArgs()). */
  args: string[];
  flags: Set<string>;
  values: Map<string, string>;
}

/**
 * Options of one command: `flags` take no value, `withValue` take one (as the rest of the
 * token or the next token). Anything else that starts with '-' is an error, as in
 * commons-cli ("Unrecognized option: -x").
 */
export function parseCommandArgs(tokens: readonly string[], flags: string, withValue = ''): ParsedCommand {
  const out: ParsedCommand = { args: [], flags: new Set(), values: new Map() };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t === '--') {
      out.args.push(...tokens.slice(i + 1));
      break;
    }
    if (i === 0 || !t.startsWith('-') || t.length === 1) {
      out.args.push(t!);
      continue;
    }
    for (let j = 1; j < t.length; j++) {
      const c = t[j];
      if (withValue.includes(c!)) {
        let v = t.slice(j + 1);
        if (v === '') {
          if (i + 1 >= tokens.length) throw new ParseError(`Missing argument for option: ${c}`, 'MissingArgumentException');
          v = tokens[++i]!;
        }
        out.values.set(c!, v);
        break;
      }
      if (flags.includes(c!)) {
        out.flags.add(c!);
        continue;
      }
      throw new ParseError(`Unrecognized option: ${t}`, 'UnrecognizedOptionException');
    }
  }
  return out;
}

/**
 * A Java properties file (key=value, key: value or key value; # and ! comments; a trailing
 * backslash continues a line), as ZKClientConfig reads -client-configuration.
 */
export function parseProperties(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!.replace(/^\s+/, '');
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue;
    while (line.endsWith('\\') && i + 1 < lines.length) line = line.slice(0, -1) + lines[++i]!.replace(/^\s+/, '');
    const m = /^((?:\\.|[^=:\s])*)\s*[=:\s]\s*(.*)$/.exec(line);
    if (m) out.set(m[1]!.replace(/\\(.)/g, '$1'), m[2]!);
    else out.set(line, '');
  }
  return out;
}
