/**
 * Command-line parsing the way zkCli does it: its tokenizer for shell lines (quotes keep
 * spaces, surrounding quotes are stripped), its top-level options (-server, -timeout, -r),
 * and a small POSIX option parser like the commons-cli one each zkCli command uses (flags
 * may be grouped, options may follow positional arguments).
 */
export declare function tokenize(line: string): string[];
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
export declare function parseMainArgs(argv: readonly string[]): MainOptions;
/** A commons-cli ParseException: zkCli prints it with its class name (CliParseException(cause)). */
export declare class ParseError extends Error {
    readonly exception: 'UnrecognizedOptionException' | 'MissingArgumentException' | 'MissingOptionException' | 'AlreadySelectedException';
    constructor(message: string, exception: 'UnrecognizedOptionException' | 'MissingArgumentException' | 'MissingOptionException' | 'AlreadySelectedException');
    /** What zkCli prints: the exception's toString(). */
    get cliMessage(): string;
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
export declare function parseCommandArgs(tokens: readonly string[], flags: string, withValue?: string): ParsedCommand;
/**
 * A Java properties file (key=value, key: value or key value; # and ! comments; a trailing
 * backslash continues a line), as ZKClientConfig reads -client-configuration.
 */
export declare function parseProperties(text: string): Map<string, string>;
