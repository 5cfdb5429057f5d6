/**
 * JAAS login configuration files, the format ZooKeeper reads SASL users from:
 *
 *   Server {
 *     org.apache.zookeeper.server.auth.DigestLoginModule required
 *     user_super="adminsecret"
 *     user_bob="bobsecret";
 *   };
 *   Client {
 *     org.apache.zookeeper.server.auth.DigestLoginModule required
 *     username="bob" password="bobsecret";
 *   };
 *
 * A section is `Name { entry; ... };`, an entry is `LoginModuleClass flag option=value ...;`
 * with flag one of required, requisite, sufficient, optional. Values are quoted strings (with
 * backslash escapes) or bare words. `//`, `/* *\/` and `#` start comments. Pure: the caller reads
 * the file; errors carry the 1-based line.
 */

export interface JaasEntry {
  loginModule: string;
  flag: 'required' | 'requisite' | 'sufficient' | 'optional';
  options: Map<string, string>;
  line: number;
}

export interface JaasSection {
  name: string;
  entries: JaasEntry[];
  line: number;
}

export class JaasSyntaxError extends Error {
  override name = 'JaasSyntaxError';
  constructor(readonly line: number, readonly detail: string) {
    super(`line ${line}: ${detail}`);
  }
}

type Token = { kind: 'word' | 'string' | 'punct'; text: string; line: number };

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  let line = 1;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === '\n') {
      line++;
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r' || c === '\f') {
      i++;
    } else if (c === '#' || (c === '/' && text[i + 1] === '/')) {
      while (i < n && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) throw new JaasSyntaxError(line, 'unterminated /* comment');
      for (let k = i; k < end; k++) if (text[k] === '\n') line++;
      i = end + 2;
    } else if (c === '"' || c === "'") {
      const start = line;
      let v = '';
      i++;
      for (;;) {
        if (i >= n) throw new JaasSyntaxError(start, 'unterminated quoted string');
        const d = text[i++];
        if (d === c) break;
        if (d === '\n') line++;
        if (d === '\\' && i < n) {
          const e = text[i++];
          v += e === 'n' ? '\n' : e === 't' ? '\t' : e === 'r' ? '\r' : e;
        } else v += d;
      }
      out.push({ kind: 'string', text: v, line: start });
    } else if (c === '{' || c === '}' || c === ';' || c === '=') {
      out.push({ kind: 'punct', text: c, line });
      i++;
    } else {
      const start = i;
      while (i < n && !/[\s{};="'#]/.test(text[i]!) && !(text[i] === '/' && (text[i + 1] === '/' || text[i + 1] === '*'))) i++;
      out.push({ kind: 'word', text: text.slice(start, i), line });
    }
  }
  return out;
}

const FLAGS = new Set(['required', 'requisite', 'sufficient', 'optional']);

export function parseJaas(text: string): JaasSection[] {
  const tokens = tokenize(text);
  let k = 0;
  const lastLine = () => tokens[tokens.length - 1]?.line ?? 1;
  const peek = () => tokens[k];
  const next = (what: string): Token => {
    const t = tokens[k++];
    if (!t) throw new JaasSyntaxError(lastLine(), `unexpected end of file, expected ${what}`);
    return t;
  };
  const expect = (p: string) => {
    const t = next(`'${p}'`);
    if (t.kind !== 'punct' || t.text !== p) throw new JaasSyntaxError(t.line, `expected '${p}', got '${t.text}'`);
  };
  const sections: JaasSection[] = [];
  while (k < tokens.length) {
    const name = next('a section name');
    if (name.kind !== 'word') throw new JaasSyntaxError(name.line, `expected a section name, got '${name.text}'`);
    expect('{');
    const section: JaasSection = { name: name.text, entries: [], line: name.line };
    for (let t = peek(); t && !(t.kind === 'punct' && t.text === '}'); t = peek()) {
      const module = next('a login module class');
      if (module.kind !== 'word') throw new JaasSyntaxError(module.line, `expected a login module class, got '${module.text}'`);
      const flag = next('a control flag');
      if (flag.kind !== 'word' || !FLAGS.has(flag.text.toLowerCase())) {
        throw new JaasSyntaxError(flag.line, `expected a control flag (required, requisite, sufficient or optional), got '${flag.text}'`);
      }
      const entry: JaasEntry = { loginModule: module.text, flag: flag.text.toLowerCase() as JaasEntry['flag'], options: new Map(), line: module.line };
      for (;;) {
        const t = next("an option or ';'");
        if (t.kind === 'punct' && t.text === ';') break;
        if (t.kind !== 'word') throw new JaasSyntaxError(t.line, `expected an option name, got '${t.text}'`);
        expect('=');
        const v = next(`a value for ${t.text}`);
        if (v.kind === 'punct') throw new JaasSyntaxError(v.line, `expected a value for ${t.text}, got '${v.text}'`);
        entry.options.set(t.text, v.text);
      }
      section.entries.push(entry);
    }
    expect('}');
    // Java requires the ';' after a section's '}'; a missing one is tolerated here.
    const t = peek();
    if (t && t.kind === 'punct' && t.text === ';') k++;
    if (sections.some((s) => s.name === section.name)) throw new JaasSyntaxError(section.line, `section ${section.name} appears twice`);
    sections.push(section);
  }
  return sections;
}

/** DIGEST-MD5 users of a server section: every `user_<name>="<password>"` option. */
export function digestUsers(section: JaasSection): Map<string, string> {
  const users = new Map<string, string>();
  for (const e of section.entries) {
    for (const [k, v] of e.options) if (k.startsWith('user_') && k.length > 5) users.set(k.slice(5), v);
  }
  return users;
}

/** A client section's `username` and `password`, if both are given. */
export function digestCredentials(section: JaasSection): { username: string; password: string } | undefined {
  for (const e of section.entries) {
    const username = e.options.get('username');
    const password = e.options.get('password');
    if (username !== undefined && password !== undefined) return { username, password };
  }
  return undefined;
}
