/**
 * Four-letter words on the client port (docs/client-protocol.md, "Four-letter words"):
 * recognise the 4 bytes, and answer with the text ZooKeeper 3.8 writes before closing the
 * connection. The commands themselves
 * live in commands.ts, shared with the AdminServer; the runtime supplies a CommandContext
 * (plain values for the cheap numbers, methods for anything that walks a table) and writes the
 * returned text to the socket.
 */
import { type CommandContext } from './commands.js';
export { DEFAULT_TRACE_MASK, ZK_NOT_SERVING, connectionLine, formatMembership, type CommandContext as FourLetterContext, type ConfDump, type ConnectionInfo, type ConnectionSessionInfo, type MonitorValues, type ServerMode, type SessionDump, } from './commands.js';
export { javaDate, javaDouble, javaSocketAddress } from './java-format.js';
export { buildEnvironment } from './environment.js';
/** Every four-letter word ZooKeeper 3.8 knows (FourLetterCommands, without "telnet close"). */
export declare const FOUR_LETTER_WORDS: ReadonlySet<string>;
/** The word if the first 4 bytes are a known four-letter word (case-sensitive, as ZooKeeper), else null. */
export declare function isFourLetterWord(first4: Uint8Array): string | null;
/**
 * The text to write before closing. `word` must be one of FOUR_LETTER_WORDS. `srvr` is always
 * allowed. crst/srst/stmk act on the context (only when allowed, and crst/srst only when serving).
 */
export declare function runFourLetterWord(word: string, ctx: CommandContext, whitelist: ReadonlySet<string> | '*'): string;
