/**
 * Four-letter words on the client port (docs/client-protocol.md, "Four-letter words"):
 * recognise the 4 bytes, and answer with the text ZooKeeper 3.8 writes before closing the
 * connection. The commands themselves
 * live in commands.ts, shared with the AdminServer; the runtime supplies a CommandContext
 * (plain values for the cheap numbers, methods for anything that walks a table) and writes the
 * returned text to the socket.
 */
import { commandForWord, COMMANDS, presentAsText, type CommandContext } from './commands.js';

export {
  DEFAULT_TRACE_MASK,
  ZK_NOT_SERVING,
  connectionLine,
  formatMembership,
  type CommandContext as FourLetterContext,
  type ConfDump,
  type ConnectionInfo,
  type ConnectionSessionInfo,
  type MonitorValues,
  type ServerMode,
  type SessionDump,
} from './commands.js';
export { javaDate, javaDouble, javaSocketAddress } from './java-format.js';
export { buildEnvironment } from './environment.js';

/** Every four-letter word ZooKeeper 3.8 knows (FourLetterCommands, without "telnet close"). */
export const FOUR_LETTER_WORDS: ReadonlySet<string> = new Set(COMMANDS.flatMap((c) => (c.word && c.text ? [c.word] : [])));

const WORD_BYTES = new Map<number, string>();
for (const w of FOUR_LETTER_WORDS) WORD_BYTES.set(((w.charCodeAt(0) << 24) | (w.charCodeAt(1) << 16) | (w.charCodeAt(2) << 8) | w.charCodeAt(3)) >>> 0, w);

/** The word if the first 4 bytes are a known four-letter word (case-sensitive, as ZooKeeper), else null. */
export function isFourLetterWord(first4: Uint8Array): string | null {
  if (first4.length < 4) return null;
  const v = ((first4[0]! << 24) | (first4[1]! << 16) | (first4[2]! << 8) | first4[3]!) >>> 0;
  return WORD_BYTES.get(v) ?? null;
}

/**
 * The text to write before closing. `word` must be one of FOUR_LETTER_WORDS. `srvr` is always
 * allowed. crst/srst/stmk act on the context (only when allowed, and crst/srst only when serving).
 */
export function runFourLetterWord(word: string, ctx: CommandContext, whitelist: ReadonlySet<string> | '*'): string {
  if (!commandForWord(word)) throw new Error(`not a four-letter word: ${JSON.stringify(word)}`);
  return presentAsText(word, ctx, whitelist);
}
