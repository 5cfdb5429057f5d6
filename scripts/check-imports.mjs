#!/usr/bin/env node
// Enforces the import rules of docs/architecture.md ("Modules and import rules") over src/**/*.ts.
// No dependencies. Usage: node scripts/check-imports.mjs [rootDir]   (exit 1 on any violation)
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..'));
const srcDir = path.join(root, 'src');

// module → modules it may import (itself always allowed). "(types)" edges: type-only imports.
const ALL = [
  'base', 'wire', 'config', 'tree', 'session', 'pipeline', 'election', 'zab', 'peer', 'drive',
  'storage/api', 'storage/lmdb', 'storage/memory', 'net', 'server', 'client', 'cli', 'sim', 'main',
  'lincheck', 'chaos', 'crosscheck',
];
const RULES = {
  base: [],
  wire: ['base'],
  config: ['base'],
  session: ['base'],
  tree: ['base', 'wire'],
  pipeline: ['base', 'wire', 'tree', 'session'],
  election: ['base', 'wire', 'config (types)'],
  zab: ['base', 'wire', 'tree', 'session', 'election (types)', 'storage/api (types)'],
  peer: ['base', 'wire', 'config', 'election', 'zab', 'pipeline', 'tree', 'session', 'storage/api'],
  // The effect interpreter: carries out the cores' effects over ports (src/drive/ports.ts);
  // net gives it node adapters, sim simulated ones.
  drive: ['base', 'wire', 'session', 'pipeline', 'zab (types)', 'peer', 'storage/api'],
  'storage/api': ['base', 'wire'],
  'storage/lmdb': ['base', 'wire', 'storage/api'],
  'storage/memory': ['base', 'wire', 'storage/api'],
  net: ['base', 'wire', 'session', 'pipeline', 'peer', 'drive', 'storage/api'],
  server: ['base', 'wire', 'session', 'pipeline', 'peer', 'storage/api'],
  client: ['base', 'wire', 'client'],
  cli: ['base', 'wire', 'client'],
  lincheck: [],
  chaos: ['base', 'wire', 'client', 'lincheck'],
  sim: ALL.filter((m) => !['net', 'storage/lmdb', 'main', 'chaos', 'crosscheck'].includes(m)),
  main: ALL.filter((m) => m !== 'crosscheck'),
  // The cross-checker is a client of two server processes: it speaks the wire and nothing else.
  crosscheck: ['base', 'wire'],
};
const PURE = new Set([
  'base', 'wire', 'config', 'tree', 'session', 'pipeline', 'election', 'zab', 'peer', 'drive',
  'storage/api', 'storage/memory', 'lincheck',
]);
// bare package → modules that may import it
const PACKAGES = {
  lmdb: ['storage/lmdb'],
  yargs: ['client', 'cli', 'main'],
  'yargs/helpers': ['client', 'cli', 'main'],
  winston: ['net', 'server', 'main'],
  'prom-client': ['server', 'main'],
  // zk-bench's optional third-party load generator (a devDependency, loaded on demand).
  'node-zookeeper-client': ['cli'],
};
const FORBIDDEN_IN_PURE = [
  [/(?<![\w$.])Date\s*\.\s*now\s*\(/g, 'Date.now('],
  [/(?<![\w$.])new\s+Date\s*\(/g, 'new Date('],
  [/(?<![\w$.])Math\s*\.\s*random\s*\(/g, 'Math.random('],
  [/(?<![\w$.])(?:globalThis\s*\.\s*)?setTimeout\s*\(/g, 'setTimeout('],
  [/(?<![\w$.])(?:globalThis\s*\.\s*)?setInterval\s*\(/g, 'setInterval('],
  [/(?<![\w$.])(?:globalThis\s*\.\s*)?setImmediate\s*\(/g, 'setImmediate('],
  [/(?<![\w$.])process\s*\./g, 'process.'],
];

/** src-relative path (posix) → module name, or undefined if outside the layout. */
function moduleOf(rel) {
  const parts = rel.split('/');
  if (parts.length < 2) return undefined;
  if (parts[0] === 'storage') {
    if (parts.length === 2 && parts[1] === 'api.ts') return 'storage/api';
    if (parts[1] === 'lmdb' || parts[1] === 'memory') return parts.length > 2 ? `storage/${parts[1]}` : undefined;
    return undefined;
  }
  return RULES[parts[0]] && parts[0] !== 'storage' ? parts[0] : undefined;
}

function listTs(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listTs(p));
    else if (name.endsWith('.ts')) out.push(p);
  }
  return out;
}

/**
 * Blanks comments (keeping newlines, so offsets and line numbers survive). With blankStrings,
 * also blanks the contents of string, template and regex literals (template `${}` code is kept).
 */
function scrub(src, blankStrings) {
  const out = src.split('');
  const blank = (from, to) => {
    for (let k = from; k < to; k++) if (out[k] !== '\n') out[k] = ' ';
  };
  const braces = []; // for each open `${`, the brace depth at which it closes
  let depth = 0;
  let i = 0;
  let prevSig = ''; // last significant (non-space) character outside literals, for regex detection
  let prevWord = '';
  const n = src.length;
  const skipString = (q) => {
    const start = i;
    i++;
    while (i < n && src[i] !== q && src[i] !== '\n') i += src[i] === '\\' ? 2 : 1;
    i++;
    if (blankStrings) blank(start + 1, Math.min(i - 1, n));
  };
  const skipTemplate = () => {
    // from just after ` or } (inside a template) until ` or ${
    const start = i;
    while (i < n) {
      if (src[i] === '\\') { i += 2; continue; }
      if (src[i] === '`') { if (blankStrings) blank(start, i); i++; return; }
      if (src[i] === '$' && src[i + 1] === '{') {
        if (blankStrings) blank(start, i);
        i += 2;
        braces.push(depth);
        depth++;
        return;
      }
      i++;
    }
    if (blankStrings) blank(start, n);
  };
  while (i < n) {
    const c = src[i];
    const d = src[i + 1];
    if (c === '/' && d === '/') {
      const start = i;
      while (i < n && src[i] !== '\n') i++;
      blank(start, i);
      continue;
    }
    if (c === '/' && d === '*') {
      const start = i;
      const end = src.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
      blank(start, i);
      continue;
    }
    if (c === '"' || c === "'") { skipString(c); prevSig = 'x'; prevWord = ''; continue; }
    if (c === '`') { i++; skipTemplate(); prevSig = 'x'; prevWord = ''; continue; }
    if (c === '/') {
      const regexContext = prevSig === '' || '(,=:[!&|?{};+-*%<>~^'.includes(prevSig) ||
        ['return', 'typeof', 'case', 'do', 'else', 'in', 'of', 'new', 'delete', 'void', 'throw', 'yield', 'await'].includes(prevWord);
      if (regexContext) {
        const start = i;
        i++;
        let inClass = false;
        while (i < n && src[i] !== '\n') {
          if (src[i] === '\\') { i += 2; continue; }
          if (src[i] === '[') inClass = true;
          else if (src[i] === ']') inClass = false;
          else if (src[i] === '/' && !inClass) break;
          i++;
        }
        if (blankStrings) blank(start + 1, i);
        i++;
        while (i < n && /[a-z]/i.test(src[i])) i++;
        prevSig = 'x';
        prevWord = '';
        continue;
      }
    }
    if (c === '{') depth++;
    if (c === '}') {
      depth--;
      if (braces.length > 0 && braces[braces.length - 1] === depth) {
        braces.pop();
        i++;
        skipTemplate();
        prevSig = 'x';
        prevWord = '';
        continue;
      }
    }
    if (/[A-Za-z0-9_$]/.test(c)) {
      let j = i;
      while (j < n && /[A-Za-z0-9_$]/.test(src[j])) j++;
      prevWord = src.slice(i, j);
      prevSig = 'x';
      i = j;
      continue;
    }
    if (!/\s/.test(c)) { prevSig = c; prevWord = ''; }
    i++;
  }
  return out.join('');
}

function lineAt(text, offset) {
  let line = 1;
  for (let k = 0; k < offset; k++) if (text.charCodeAt(k) === 10) line++;
  return line;
}

/** import/export specifiers: { spec, offset, typeOnly }. */
function findImports(code) {
  const found = [];
  const fromRe = /(?<![\w$.])(import|export)(\s+type\b)?([^'"`;]*?)\bfrom\s*(['"])([^'"\n]+)\4/g;
  for (const m of code.matchAll(fromRe)) {
    const clause = m[3];
    let typeOnly = Boolean(m[2]);
    if (!typeOnly) {
      const braced = /^\s*\{([^}]*)\}\s*$/.exec(clause);
      if (braced) {
        const names = braced[1].split(',').map((s) => s.trim()).filter(Boolean);
        typeOnly = names.length > 0 && names.every((s) => /^type\s/.test(s));
      }
    }
    found.push({ spec: m[5], offset: m.index, typeOnly });
  }
  for (const m of code.matchAll(/(?<![\w$.])import\s*(['"])([^'"\n]+)\1/g)) {
    found.push({ spec: m[2], offset: m.index, typeOnly: false });
  }
  for (const m of code.matchAll(/(?<![\w$.])(?:import|require)\s*\(\s*(['"])([^'"\n]+)\1/g)) {
    found.push({ spec: m[2], offset: m.index, typeOnly: false });
  }
  return found.sort((a, b) => a.offset - b.offset);
}

const violations = [];
const files = listTs(srcDir);
for (const file of files) {
  const rel = path.relative(srcDir, file).split(path.sep).join('/');
  const shown = `src/${rel}`;
  const mod = moduleOf(rel);
  const src = readFileSync(file, 'utf8');
  if (mod === undefined) {
    violations.push(`${shown}:1: not inside a module of the layout (docs/architecture.md, "Modules and import rules")`);
    continue;
  }
  const code = scrub(src, false);
  const allowed = RULES[mod];
  const allowedText = allowed.length === 0 ? 'nothing in src/' : allowed.join(', ');
  for (const { spec, offset, typeOnly } of findImports(code)) {
    const line = lineAt(src, offset);
    const at = `${shown}:${line}`;
    if (spec.startsWith('.')) {
      const target = path.resolve(path.dirname(file), spec);
      const trel = path.relative(srcDir, target).split(path.sep).join('/');
      const tmod = trel.startsWith('..') ? undefined : moduleOf(trel.replace(/\.js$/, '.ts'));
      if (tmod === undefined) {
        violations.push(`${at}: '${spec}' resolves outside the src/ modules`);
        continue;
      }
      if (tmod === mod) continue;
      if (allowed.includes(tmod)) continue;
      if (allowed.includes(`${tmod} (types)`)) {
        if (typeOnly) continue;
        violations.push(`${at}: ${mod} may import ${tmod} for types only ('import type'), got '${spec}'`);
        continue;
      }
      violations.push(`${at}: ${mod} may not import ${tmod} ('${spec}'); ${mod} may import only: ${allowedText}`);
    } else if (spec.startsWith('node:')) {
      if (PURE.has(mod)) violations.push(`${at}: '${spec}': ${mod} is a pure core and may not import node:* modules`);
    } else if (spec in PACKAGES) {
      if (!PACKAGES[spec].includes(mod)) {
        violations.push(`${at}: '${spec}' may be imported only by ${PACKAGES[spec].join(', ')}, not by ${mod}`);
      }
    } else {
      violations.push(`${at}: package '${spec}' is not allowed in src/ (builtins need the 'node:' prefix; packages: ${Object.keys(PACKAGES).join(', ')})`);
    }
  }
  if (PURE.has(mod)) {
    const bare = scrub(src, true);
    for (const [re, what] of FORBIDDEN_IN_PURE) {
      for (const m of bare.matchAll(re)) {
        violations.push(`${shown}:${lineAt(src, m.index)}: ${mod} is a pure core: no ${what} (time, randomness and the process enter through inputs)`);
      }
    }
  }
}

if (violations.length > 0) {
  violations.sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  for (const v of violations) console.error(v);
  console.error(`import check failed: ${violations.length} violation(s) in ${files.length} files`);
  process.exit(1);
}
console.log(`imports ok (${files.length} files)`);
