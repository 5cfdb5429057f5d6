/**
 * java.util.Properties text format, as ZooKeeper reads zoo.cfg: `key=value`, `key: value` or
 * `key value`; `#` and `!` start comment lines; a line ending in an odd number of backslashes
 * continues on the next line; `\t \n \r \f \uXXXX` escapes; any other `\c` is `c`. As ZooKeeper
 * does, keys and values are then trimmed.
 */
import { ConfigError } from './error.js';

export interface PropertyEntry {
  key: string;
  value: string;
  /** 1-based line on which the (possibly continued) entry starts. */
  line: number;
}

const WS = new Set([' ', '\t', '\f']);

export function parseProperties(text: string, fileName: string): PropertyEntry[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const entries: PropertyEntry[] = [];
  let i = 0;
  while (i < lines.length) {
    const startLine = i + 1;
    let raw = stripLeading(lines[i]!);
    i++;
    if (raw === '' || raw[0] === '#' || raw[0] === '!') continue;
    while (endsWithContinuation(raw) && i < lines.length) {
      raw = raw.slice(0, -1) + stripLeading(lines[i]!);
      i++;
    }
    if (endsWithContinuation(raw)) raw = raw.slice(0, -1);
    const { rawKey, rawValue } = splitKeyValue(raw);
    entries.push({
      key: unescape(rawKey, fileName, startLine).trim(),
      value: unescape(rawValue, fileName, startLine).trim(),
      line: startLine,
    });
  }
  return entries;
}

function stripLeading(s: string): string {
  let k = 0;
  while (k < s.length && WS.has(s[k]!)) k++;
  return s.slice(k);
}

function endsWithContinuation(s: string): boolean {
  let n = 0;
  for (let k = s.length - 1; k >= 0 && s[k] === '\\'; k--) n++;
  return n % 2 === 1;
}

function splitKeyValue(s: string): { rawKey: string; rawValue: string } {
  let k = 0;
  while (k < s.length) {
    const c = s[k];
    if (c === '\\') {
      k += 2;
      continue;
    }
    if (c === '=' || c === ':' || WS.has(c!)) break;
    k++;
  }
  const rawKey = s.slice(0, Math.min(k, s.length));
  let v = k;
  while (v < s.length && WS.has(s[v]!)) v++;
  if (v < s.length && (s[v] === '=' || s[v] === ':')) {
    v++;
    while (v < s.length && WS.has(s[v]!)) v++;
  }
  return { rawKey, rawValue: s.slice(v) };
}

function unescape(s: string, fileName: string, line: number): string {
  if (!s.includes('\\')) return s;
  let out = '';
  for (let k = 0; k < s.length; k++) {
    const c = s[k];
    if (c !== '\\') {
      out += c;
      continue;
    }
    k++;
    if (k >= s.length) break;
    const e = s[k];
    switch (e) {
      case 't': out += '\t'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 'f': out += '\f'; break;
      case 'u': {
        const hex = s.slice(k + 1, k + 5);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
          throw new ConfigError(fileName, line, undefined, `malformed \\uXXXX escape '\\u${hex}'`);
        }
        out += String.fromCharCode(parseInt(hex, 16));
        k += 4;
        break;
      }
      default: out += e;
    }
  }
  return out;
}
