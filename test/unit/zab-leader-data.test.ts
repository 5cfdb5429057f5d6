/**
 * The Zab leader driven by data files (test/unit/testdata/zab-leader/*.txt): each file is a
 * script of the leader's inputs, each followed by the effects the leader emits for it, as the
 * peer reads them at the end of the turn (`flush`, then `drain`). A change in what the leader
 * does shows as a difference in a named scenario. After a deliberate change, rewrite the
 * expected effects with `node dist/test/unit/zab-leader-data.test.js --rewrite` (or
 * ZAB_TESTDATA_REWRITE=1) and read the diff before committing it.
 *
 * A file is a series of blocks: comment lines (`#`) and blank lines, a command line, `----`,
 * then the expected effects one per line up to a blank line (`(none)` when there are none).
 * Commands (zxids in hex as the logs print them, or decimal):
 *   leader myid=1 voters=1,2,3 observers=4 accepted=0 current=0 lastLogged=0x0 log=0x100000001,...
 *   time +MS | time MS                         the time the next inputs carry
 *   linkUp link=L | linkDown link=L
 *   recv link=L TYPE field=value ...           a learner message (FOLLOWERINFO, ACK, PING, ...)
 *   propose                                    a create of /n<zxid> at nextZxid()
 *   persisted token=T | sync id=N | tick | stop reason=WORD
 *   revalidateAnswer link=L sessionId=S valid=true|false
 *   transfer successor=S|none                  prints step's answer first
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LeaderCore } from '../../src/zab/leader.js';
import type { LeaderInput } from '../../src/zab/inputs.js';
import type { LeaderEffect, LogReader } from '../../src/zab/types.js';
import type { LogEntry } from '../../src/storage/api.js';
import { Pkt, pktName, type LearnerMessage } from '../../src/wire/quorum.js';
import { encodeTxn, type Txn, TxnType } from '../../src/wire/txn.js';
import { asLinkId, asSid } from '../../src/base/ids.js';
import { asZxid, type Zxid } from '../../src/base/zxid.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const dataDir = path.join(root, 'test/unit/testdata/zab-leader');
const rewrite = process.argv.includes('--rewrite') || process.env.ZAB_TESTDATA_REWRITE === '1';
const timing = { tickTime: 100, initLimit: 10, syncLimit: 5 };

interface Block {
  /** The comment and blank lines before the command, kept as they are on a rewrite. */
  preamble: string[];
  command: string;
  expected: string[];
}

function parse(text: string, file: string): Block[] {
  const lines = text.split('\n');
  const blocks: Block[] = [];
  let preamble: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '' || line.startsWith('#')) {
      preamble.push(line);
      continue;
    }
    if (lines[i + 1] !== '----') throw new Error(`${file}:${i + 2}: expected ---- after the command "${line}"`);
    const expected: string[] = [];
    for (i += 2; i < lines.length && lines[i] !== ''; i++) expected.push(lines[i]!);
    blocks.push({ preamble, command: line, expected });
    preamble = [];
    i--; // the blank line (or the end) is read as preamble of the next block
  }
  if (preamble.some((l) => l.trim() !== '')) throw new Error(`${file}: comments after the last command`);
  return blocks;
}

function render(blocks: Block[], outputs: string[][]): string {
  const parts: string[] = [];
  blocks.forEach((b, i) => parts.push(...b.preamble, b.command, '----', ...(outputs[i]!.length > 0 ? outputs[i]! : ['(none)'])));
  return parts.join('\n') + '\n';
}

/** The fields of a command: `key=value` words, and the other words in order. */
function fields(words: string[]): { args: Map<string, string>; bare: string[] } {
  const args = new Map<string, string>();
  const bare: string[] = [];
  for (const w of words) {
    const eq = w.indexOf('=');
    if (eq > 0) args.set(w.slice(0, eq), w.slice(eq + 1));
    else bare.push(w);
  }
  return { args, bare };
}

function need(args: Map<string, string>, key: string): string {
  const v = args.get(key);
  if (v === undefined) throw new Error(`missing ${key}=`);
  return v;
}

const list = (v: string | undefined): string[] => (v === undefined || v === '' ? [] : v.split(','));

function txn(zxid: Zxid): Txn {
  return { sessionId: 1n, cxid: 1, zxid, time: 0, body: { type: TxnType.create, path: `/n${zxid.toString(16)}`, data: null, acl: [], ephemeralOwner: 0n, parentCversion: 1 } };
}

function logOf(zxids: Zxid[]): LogReader {
  const entries: LogEntry[] = zxids.map((zxid) => ({ zxid, bytes: encodeTxn(txn(zxid)) }));
  return {
    readLog: (from, to) => entries.filter((e) => e.zxid > from && (to === undefined || e.zxid <= to)),
    firstLogged: () => entries[0]?.zxid ?? null,
  };
}

function learnerMessage(type: string, args: Map<string, string>): LearnerMessage {
  const num = (k: string) => Number(need(args, k));
  const big = (k: string) => BigInt(need(args, k));
  const zxid = (k: string) => asZxid(big(k));
  switch (type) {
    case 'FOLLOWERINFO':
    case 'OBSERVERINFO':
      return {
        type: type === 'FOLLOWERINFO' ? Pkt.FOLLOWERINFO : Pkt.OBSERVERINFO,
        sid: asSid(num('sid')),
        acceptedEpoch: num('acceptedEpoch'),
        currentEpoch: num('currentEpoch'),
        lastLogged: zxid('lastLogged'),
        protocolVersion: 0x10000,
      };
    case 'ACKEPOCH':
      return { type: Pkt.ACKEPOCH, currentEpoch: num('currentEpoch'), lastLogged: zxid('lastLogged') };
    case 'ACK':
      return { type: Pkt.ACK, zxid: zxid('zxid') };
    case 'PING':
      return { type: Pkt.PING, lastApplied: zxid('lastApplied'), round: num('round'), touches: [] };
    case 'REVALIDATE':
      return { type: Pkt.REVALIDATE, sessionId: big('sessionId'), timeout: num('timeout') };
    case 'SYNC':
      return { type: Pkt.SYNC, id: big('id') };
    case 'LEADERSHIP_REQUEST':
      return { type: Pkt.LEADERSHIP_REQUEST };
    default:
      throw new Error(`unknown learner message ${type}`);
  }
}

/** One value as the data files show it: zxids and other bigints in hex, a txn by its zxid. */
function show(v: unknown): string {
  if (typeof v === 'bigint') return `0x${v.toString(16)}`;
  if (typeof v === 'string') return /^[\w./:-]+$/.test(v) ? v : JSON.stringify(v);
  if (Array.isArray(v)) return v.map(show).join(',');
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if ('zxid' in o && 'body' in o) return show(o.zxid);
    if ('type' in o && typeof o.type === 'number') return [pktName(o.type), ...entries(o, ['type'])].join(' ');
    return `{${entries(o, []).join(' ')}}`;
  }
  return String(v);
}

function entries(o: Record<string, unknown>, skip: string[]): string[] {
  return Object.entries(o)
    .filter(([k]) => !skip.includes(k))
    .map(([k, v]) => `${k}=${show(v)}`);
}

function showEffect(e: LeaderEffect): string {
  if (e.kind === 'log') return `log ${e.level}: ${e.message}`;
  return [e.kind, ...entries(e as unknown as Record<string, unknown>, ['kind'])].join(' ');
}

/** Runs one file's commands; returns each command's output lines. */
function run(blocks: Block[], file: string): string[][] {
  let leader: LeaderCore | null = null;
  let nowMs = 0;
  const outputs: string[][] = [];
  for (const [i, b] of blocks.entries()) {
    const [name, ...words] = b.command.split(/\s+/);
    const { args, bare } = fields(words);
    const out: string[] = [];
    const at = <I>(input: I) => ({ ...input, nowMs });
    const step = (input: LeaderInput) => {
      if (!leader) throw new Error(`${file}: "${b.command}" before "leader"`);
      return leader.step(input);
    };
    switch (name) {
      case 'leader':
        leader = new LeaderCore(
          {
            myid: asSid(Number(need(args, 'myid'))),
            voters: list(args.get('voters')).map((v) => asSid(Number(v))),
            observers: list(args.get('observers')).map((v) => asSid(Number(v))),
            epochs: { acceptedEpoch: Number(args.get('accepted') ?? 0), currentEpoch: Number(args.get('current') ?? 0) },
            lastLogged: asZxid(BigInt(args.get('lastLogged') ?? 0)),
            lastApplied: asZxid(BigInt(args.get('lastLogged') ?? 0)),
            timing,
          },
          nowMs,
          logOf(list(args.get('log')).map((v) => asZxid(BigInt(v)))),
        );
        break;
      case 'time': {
        const t = bare[0] ?? '';
        nowMs = t.startsWith('+') ? nowMs + Number(t.slice(1)) : Number(t);
        if (!Number.isFinite(nowMs)) throw new Error(`${file}: bad time "${t}"`);
        break;
      }
      case 'linkUp':
      case 'linkDown':
        step(at({ kind: name, link: asLinkId(Number(need(args, 'link'))) }));
        break;
      case 'recv':
        step(at({ kind: 'fromLearner', link: asLinkId(Number(need(args, 'link'))), packet: learnerMessage(bare[0] ?? '', args) }));
        break;
      case 'propose': {
        const zxid = leader?.nextZxid();
        if (zxid === null || zxid === undefined) throw new Error(`${file}: no zxid left to propose`);
        step(at({ kind: 'propose', txn: txn(zxid) }));
        break;
      }
      case 'persisted':
        step(at({ kind: 'persisted', token: Number(need(args, 'token')) }));
        break;
      case 'sync':
        step(at({ kind: 'sync', id: BigInt(need(args, 'id')) }));
        break;
      case 'tick':
        step(at({ kind: 'tick' }));
        break;
      case 'stop':
        step(at({ kind: 'stop', reason: args.get('reason') ?? 'stopped' }));
        break;
      case 'revalidateAnswer':
        step(at({ kind: 'revalidateAnswer', link: asLinkId(Number(need(args, 'link'))), sessionId: BigInt(need(args, 'sessionId')), valid: need(args, 'valid') === 'true' }));
        break;
      case 'transfer': {
        const s = need(args, 'successor');
        const answer = step(at({ kind: 'startTransfer', successor: s === 'none' ? null : asSid(Number(s)) }));
        out.push(`answer ${show(answer)}`);
        break;
      }
      default:
        throw new Error(`${file}: unknown command "${name}" (block ${i + 1})`);
    }
    if (leader) {
      leader.step({ kind: 'flush', nowMs });
      out.push(...leader.drain().map(showEffect));
    }
    outputs.push(out);
  }
  return outputs;
}

const files = readdirSync(dataDir).filter((f) => f.endsWith('.txt')).sort();

test('the Zab leader data files are there', () => {
  assert.ok(files.length > 0, `no scenarios in ${dataDir}`);
});

for (const f of files) {
  test(`Zab leader scenario ${f}`, () => {
    const file = path.join(dataDir, f);
    const blocks = parse(readFileSync(file, 'utf8'), f);
    const outputs = run(blocks, f);
    if (rewrite) {
      writeFileSync(file, render(blocks, outputs));
      return;
    }
    for (const [i, b] of blocks.entries()) {
      const expected = b.expected.length === 1 && b.expected[0] === '(none)' ? [] : b.expected;
      assert.deepEqual(outputs[i], expected, `${f}: after "${b.command}" (block ${i + 1})`);
    }
  });
}
