/**
 * The LMDB storage's txn log in segment files (src/storage/lmdb/segment-log.ts): what the open
 * does with a torn tail and with corruption, segment roll-over, purge and truncation across
 * files, the upgrade from format 1 (log inside LMDB), and the order of applied state and log
 * across the two stores. The Storage contract itself is test/unit/storage-lmdb.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { open } from '../../src/storage/lmdb/lmdb-package.js';
import { LOG_DIR, openLmdbStorage, StorageError, type LmdbStorageOptions } from '../../src/storage/lmdb/lmdb-storage.js';
import { crc32, crc32Table, RECORD_HEADER_BYTES, SegmentLog } from '../../src/storage/lmdb/segment-log.js';
import type { Storage } from '../../src/storage/api.js';
import { asZxid, zxidKey, type Zxid } from '../../src/base/zxid.js';
import { encodeZNode } from '../../src/wire/persist.js';
import { node } from '../support/storage-contract.js';

const bytesOf = (z: bigint): Uint8Array => new TextEncoder().encode(`txn-${z}-${'x'.repeat(Number(z % 7n) * 10)}`);
const entries = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => ({ zxid: asZxid(BigInt(from + i)), bytes: bytesOf(BigInt(from + i)) }));
const zxidsOf = (s: Storage, from: bigint = 0n): bigint[] => s.readLog(asZxid(from)).map((e) => e.zxid);
const range = (from: number, to: number): Zxid[] => Array.from({ length: to - from + 1 }, (_, i) => asZxid(BigInt(from + i)));

interface Reported {
  level: string;
  msg: string;
}

async function withDir(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'zk-ts-seglog-'));
  try {
    await body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Small files, so that a few dozen entries span several. */
function small(reports: Reported[] = []): LmdbStorageOptions {
  return { segmentBytes: 1024, preallocBytes: 512, report: (level, msg) => reports.push({ level, msg }) };
}

function logFiles(dir: string): string[] {
  return readdirSync(join(dir, LOG_DIR)).sort();
}

test('crc32: the table version is CRC-32 (IEEE) and agrees with the one in use', () => {
  const check = new TextEncoder().encode('123456789');
  assert.equal(crc32Table(check), 0xcbf43926);
  assert.equal(crc32(check), 0xcbf43926);
  const data = new Uint8Array(5000).map((_, i) => (i * 7919) & 0xff);
  assert.equal(crc32(data), crc32Table(data));
  assert.equal(crc32(data.subarray(100), crc32(data.subarray(0, 100))), crc32Table(data));
});

test('segment log: appends roll over into new files; reads, reopen and lastLogged span them', () =>
  withDir(async (dir) => {
    let s = await openLmdbStorage(dir, small());
    for (let i = 1; i <= 60; i += 5) await s.appendLog(entries(i, i + 4));
    const files = logFiles(dir);
    assert.ok(files.length >= 3, `files: ${files.join(', ')}`);
    for (const f of files) assert.match(f, /^00000001-[0-9a-f]{16}\.log$/);
    for (const f of files) assert.ok(statSync(join(dir, LOG_DIR, f)).size <= 1024 + 512, `${f} is ${statSync(join(dir, LOG_DIR, f)).size} bytes`);
    for (const pass of [1, 2]) {
      if (pass === 2) {
        await s.close();
        s = await openLmdbStorage(dir, small());
      }
      assert.deepEqual(zxidsOf(s), range(1, 60));
      assert.deepEqual(s.readLog(asZxid(17n), asZxid(43n)).map((e) => e.zxid), range(18, 43));
      assert.deepEqual(s.readLog(asZxid(30n))[0]!.bytes, bytesOf(31n));
      assert.equal(s.firstLogged(), 1n);
      assert.equal(s.lastLogged(), 60n);
    }
    // A record larger than a file gets a file of its own.
    await s.appendLog([{ zxid: asZxid(61n), bytes: new Uint8Array(5000).fill(3) }, { zxid: asZxid(62n), bytes: bytesOf(62n) }]);
    await s.close();
    s = await openLmdbStorage(dir, small());
    assert.deepEqual(s.readLog(asZxid(60n)).map((e) => [e.zxid, e.bytes.byteLength]), [[asZxid(61n), 5000], [asZxid(62n), bytesOf(62n).byteLength]]);
    await s.close();
  }));

test('segment log: a torn tail is cut at open and reported; later appends are not followed by its bytes', () =>
  withDir(async (dir) => {
    let s = await openLmdbStorage(dir);
    await s.appendLog(entries(1, 10));
    await s.close();
    const [file] = logFiles(dir);
    const path = join(dir, LOG_DIR, file!);
    const content = readFileSync(path);
    let end = 0;
    while (content.readUInt32BE(end) !== 0) end += RECORD_HEADER_BYTES + content.readUInt32BE(end);
    // A record half written: its header and part of its payload (the checksum cannot match).
    const torn = Buffer.alloc(RECORD_HEADER_BYTES + 300, 0xab);
    torn.writeUInt32BE(400, 0);
    torn.writeBigUInt64BE(11n, 8);
    const fd = openSync(path, 'r+');
    writeSync(fd, torn, 0, torn.byteLength, end);
    closeSync(fd);
    const reports: Reported[] = [];
    s = await openLmdbStorage(dir, { report: (level, msg) => reports.push({ level, msg }) });
    assert.deepEqual(zxidsOf(s), range(1, 10));
    assert.equal(reports.length, 1, JSON.stringify(reports));
    assert.equal(reports[0]!.level, 'warn');
    assert.match(reports[0]!.msg, /cut a torn tail .*\(after zxid 0xa\).*checksum/);
    // Short appends over the cut, then a reopen: nothing of the torn record comes back.
    await s.appendLog([{ zxid: asZxid(11n), bytes: new Uint8Array([1]) }, { zxid: asZxid(12n), bytes: new Uint8Array([2]) }]);
    await s.close();
    reports.length = 0;
    s = await openLmdbStorage(dir, { report: (level, msg) => reports.push({ level, msg }) });
    assert.deepEqual(zxidsOf(s), range(1, 12));
    assert.deepEqual(reports, []);
    await s.close();
  }));

test('segment log: a damaged record in the middle ends the log there, loudly; later files are kept aside', () =>
  withDir(async (dir) => {
    let s = await openLmdbStorage(dir, small());
    for (let i = 1; i <= 60; i += 5) await s.appendLog(entries(i, i + 4));
    await s.close();
    const files = logFiles(dir);
    assert.ok(files.length >= 3);
    // Flip a payload byte of the third record of the second file.
    const path = join(dir, LOG_DIR, files[1]!);
    const content = readFileSync(path);
    let at = 0;
    for (let i = 0; i < 2; i++) at += RECORD_HEADER_BYTES + content.readUInt32BE(at);
    const damaged = content.readBigUInt64BE(at + 8);
    content[at + RECORD_HEADER_BYTES + 1]! ^= 0xff;
    writeFileSync(path, content);
    const reports: Reported[] = [];
    s = await openLmdbStorage(dir, small(reports));
    assert.deepEqual(zxidsOf(s), range(1, Number(damaged) - 1));
    assert.equal(s.lastLogged(), damaged - 1n);
    assert.equal(reports.length, 1, JSON.stringify(reports));
    assert.equal(reports[0]!.level, 'error');
    assert.match(reports[0]!.msg, new RegExp(`CORRUPT in ${files[1]} .*checksum of the record with zxid 0x${damaged.toString(16)}`));
    const now = logFiles(dir);
    assert.deepEqual(now.filter((f) => f.endsWith('.log')), files.slice(0, 2));
    // The cut file as found (the intact records after the damaged one too) is copied aside
    // before its tail is zeroed.
    const copy = `${files[1]}.at-${at}.corrupt`;
    assert.deepEqual(now.filter((f) => f.endsWith('.corrupt')), [copy, ...files.slice(2).map((f) => f + '.corrupt')].sort());
    assert.match(reports[0]!.msg, new RegExp(`copied to ${copy.replace(/\./g, '\\.')}`));
    assert.deepEqual(readFileSync(join(dir, LOG_DIR, copy)), content);
    assert.ok(isZeroFrom(readFileSync(path), at), 'the cut file still holds bytes past the cut');
    // The log goes on from the cut.
    await s.appendLog(entries(Number(damaged), Number(damaged) + 2));
    await s.close();
    s = await openLmdbStorage(dir, small());
    assert.deepEqual(zxidsOf(s), range(1, Number(damaged) + 2));
    await s.close();
  }));

test('segment log: a file left empty by a crash right after it was created is removed at open', () =>
  withDir(async (dir) => {
    let s = await openLmdbStorage(dir);
    await s.appendLog(entries(1, 3));
    await s.close();
    writeFileSync(join(dir, LOG_DIR, '00000001-0000000000000004.log'), Buffer.alloc(4096));
    const reports: Reported[] = [];
    s = await openLmdbStorage(dir, { report: (level, msg) => reports.push({ level, msg }) });
    assert.deepEqual(zxidsOf(s), range(1, 3));
    assert.deepEqual(logFiles(dir), ['00000001-0000000000000001.log']);
    assert.deepEqual(reports, []);
    await s.appendLog(entries(4, 4));
    await s.close();
  }));

test('segment log: purge deletes whole files below the applied state, hides the rest, and survives reopen', () =>
  withDir(async (dir) => {
    let s = await openLmdbStorage(dir, small());
    for (let i = 1; i <= 60; i += 5) await s.appendLog(entries(i, i + 4));
    const before = logFiles(dir);
    await s.applyCommitted({ lastApplied: asZxid(40n), nodes: new Map([['/a', node(40n, 'a')]]), sessions: new Map() });
    // Files go only below what LMDB has flushed: a durable write after the apply makes sure it is.
    await s.setEpochs({ acceptedEpoch: 1, currentEpoch: 1 });
    assert.equal(await s.purgeLogBefore(asZxid(30n)), 29);
    assert.equal(s.firstLogged(), 30n);
    const after = logFiles(dir);
    assert.ok(after.length < before.length, `${after.length} files of ${before.length}`);
    // Every file left holds an entry at or above 30, but the first may start below it.
    const firsts = after.map((f) => BigInt('0x' + f.slice(9, 25)));
    assert.ok(firsts[0]! <= 30n && (firsts.length === 1 || firsts[1]! > 30n), firsts.join());
    await s.close();
    s = await openLmdbStorage(dir, small());
    assert.equal(s.firstLogged(), 30n);
    assert.deepEqual(zxidsOf(s), range(30, 60));
    assert.deepEqual(s.readLog(asZxid(0n), asZxid(31n)).map((e) => e.zxid), [asZxid(30n), asZxid(31n)]);
    // Capped at lastApplied + 1.
    assert.equal(await s.purgeLogBefore(asZxid(100n)), 11);
    assert.equal(s.firstLogged(), 41n);
    await s.close();
  }));

test('segment log: truncation across a file boundary removes the later files; appends continue after the cut', () =>
  withDir(async (dir) => {
    let s = await openLmdbStorage(dir, small());
    for (let i = 1; i <= 60; i += 5) await s.appendLog(entries(i, i + 4));
    const files = logFiles(dir);
    const secondFirst = BigInt('0x' + files[1]!.slice(9, 25));
    const cut = asZxid(secondFirst - 2n); // inside the first file
    await s.truncateLogAfter(cut);
    assert.deepEqual(logFiles(dir), files.slice(0, 1));
    const e2 = (n: number) => ({ zxid: asZxid((2n << 32n) + BigInt(n)), bytes: new Uint8Array([n]) });
    await s.appendLog([e2(1), e2(2)]);
    await s.close();
    s = await openLmdbStorage(dir, small());
    assert.deepEqual(zxidsOf(s), [...range(1, Number(cut)), e2(1).zxid, e2(2).zxid]);
    // At a file's last entry exactly, and then everything.
    await s.truncateLogAfter(cut);
    assert.deepEqual(zxidsOf(s), range(1, Number(cut)));
    await s.truncateLogAfter(asZxid(0n));
    assert.deepEqual(zxidsOf(s), []);
    assert.deepEqual(logFiles(dir), []);
    await s.appendLog([e2(5)]);
    await s.close();
    s = await openLmdbStorage(dir, small());
    assert.deepEqual(zxidsOf(s), [e2(5).zxid]);
    await s.close();
  }));

test('segment log: applied state never reaches LMDB before the log appends called before it are durable', () =>
  withDir(async (dir) => {
    let hold: (() => void) | null = null;
    let holding = false;
    const s = await openLmdbStorage(dir, {
      beforeLogSyncForTesting: () => (holding ? new Promise<void>((resolve) => (hold = resolve)) : Promise.resolve()),
    });
    await s.appendLog(entries(1, 2));
    holding = true;
    let appended = false;
    let applied = false;
    // As on a leader: txn 3 commits (two followers' ACKs) before its own append is synced.
    const append = s.appendLog(entries(3, 3)).then(() => (appended = true));
    const apply = s.applyCommitted({ lastApplied: asZxid(3n), nodes: new Map([['/x', node(3n, 'x')]]), sessions: new Map() }).then(() => (applied = true));
    for (let i = 0; i < 20; i++) await new Promise<void>((r) => setTimeout(r, 5));
    assert.ok(hold !== null, 'the log sync was not reached');
    assert.equal(appended, false);
    assert.equal(applied, false);
    assert.equal((await s.load()).lastApplied, 0n, 'applied state became visible before the log entry it covers was synced');
    holding = false;
    (hold as unknown as () => void)();
    await Promise.all([append, apply]);
    assert.equal((await s.load()).lastApplied, 3n);
    await s.close();
  }));

/** A data directory as format 1 wrote it: the log inside LMDB. */
async function writeFormat1(dir: string, log: number, lastApplied: bigint): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const root = open<Buffer, Buffer>({ path: dir, noSubdir: false, maxDbs: 8, encoding: 'binary', keyEncoding: 'binary' });
  const meta = root.openDB<Buffer, string>('meta', { encoding: 'binary', keyEncoding: 'ordered-binary' });
  const logDb = root.openDB<Buffer, Buffer>('log', { encoding: 'binary', keyEncoding: 'binary' });
  const tree = root.openDB<Buffer, Buffer>('tree', { encoding: 'binary', keyEncoding: 'binary' });
  const u32 = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(n);
    return b;
  };
  await root.transaction(() => {
    void meta.put('format', u32(1));
    void meta.put('acceptedEpoch', u32(2));
    void meta.put('currentEpoch', u32(2));
    void meta.put('lastApplied', zxidKey(lastApplied));
    for (let i = 1; i <= log; i++) void logDb.put(zxidKey(BigInt(i)), Buffer.from(bytesOf(BigInt(i))));
    void tree.put(Buffer.from('/', 'utf8'), Buffer.from(encodeZNode(node(0n, ''))));
    void tree.put(Buffer.from('/z', 'utf8'), Buffer.from(encodeZNode(node(lastApplied, 'z'))));
  });
  await root.flushed;
  await root.close();
}

async function legacyLogCount(dir: string): Promise<number> {
  const root = open<Buffer, Buffer>({ path: dir, noSubdir: false, maxDbs: 8, encoding: 'binary', keyEncoding: 'binary' });
  const logDb = root.openDB<Buffer, Buffer>('log', { encoding: 'binary', keyEncoding: 'binary' });
  const meta = root.openDB<Buffer, string>('meta', { encoding: 'binary', keyEncoding: 'ordered-binary' });
  const n = logDb.getKeysCount();
  const format = meta.get('format')!.readUInt32BE(0);
  await root.close();
  return n * 10 + format;
}

test('upgrade: a format 1 directory opens with its log moved into files; the old log leaves LMDB', () =>
  withDir(async (dir) => {
    await writeFormat1(dir, 50, 30n);
    const reports: Reported[] = [];
    let s = await openLmdbStorage(dir, small(reports));
    const check = async (st: Storage): Promise<void> => {
      const l = await st.load();
      assert.equal(l.lastApplied, 30n);
      assert.equal(l.lastLogged, 50n);
      assert.deepEqual(l.epochs, { acceptedEpoch: 2, currentEpoch: 2 });
      assert.deepEqual([...l.nodes].map(([p]) => p).sort(), ['/', '/z']);
      assert.deepEqual(zxidsOf(st), range(1, 50));
      assert.deepEqual(st.readLog(asZxid(9n), asZxid(10n))[0]!.bytes, bytesOf(10n));
    };
    await check(s);
    assert.ok(reports.some((r) => /upgraded from format 1 to 2: 50 log entries moved/.test(r.msg)), JSON.stringify(reports));
    await s.close();
    assert.equal(await legacyLogCount(dir), 4); // no entries left in LMDB, format 4 (the tree re-keyed and indexed after the log moved)
    assert.ok(logFiles(dir).length >= 2);
    s = await openLmdbStorage(dir, small());
    await check(s);
    await s.appendLog(entries(51, 51));
    await s.close();
  }));

test('upgrade: a crash before the upgrade commits (files written, LMDB still format 1) opens correctly', () =>
  withDir(async (dir) => {
    await writeFormat1(dir, 20, 5n);
    // What a crash leaves after the files of an upgrade were (partly) written: log files that
    // format 1 does not know about, one of them holding stale records.
    mkdirSync(join(dir, LOG_DIR), { recursive: true });
    writeFileSync(join(dir, LOG_DIR, '00000001-0000000000000001.log'), Buffer.alloc(2048, 0x11));
    writeFileSync(join(dir, LOG_DIR, '00000001-00000000000000ff.log'), Buffer.alloc(100, 0));
    const reports: Reported[] = [];
    const s = await openLmdbStorage(dir, small(reports));
    assert.deepEqual(zxidsOf(s), range(1, 20));
    assert.equal((await s.load()).lastApplied, 5n);
    assert.ok(!existsSync(join(dir, LOG_DIR, '00000001-00000000000000ff.log')));
    assert.ok(!reports.some((r) => r.level !== 'info'), JSON.stringify(reports));
    await s.close();
    assert.equal(await legacyLogCount(dir), 4); // format 4
  }));

test('replaceState: files of the replaced log go, and a crash before they did leaves them void', () =>
  withDir(async (dir) => {
    let s = await openLmdbStorage(dir, small());
    await s.appendLog(entries(1, 30));
    await s.replaceState({ lastApplied: asZxid(100n), nodes: [['/', node(0n, '')]], sessions: [] });
    assert.deepEqual(logFiles(dir), []);
    await s.appendLog(entries(101, 103));
    assert.deepEqual(logFiles(dir), ['00000002-0000000000000065.log']);
    await s.close();
    // As if the old generation's files had survived a crash right after the snapshot committed.
    writeFileSync(join(dir, LOG_DIR, '00000001-0000000000000001.log'), Buffer.alloc(1024, 0x22));
    s = await openLmdbStorage(dir, small());
    assert.deepEqual(zxidsOf(s), range(101, 103));
    assert.deepEqual(logFiles(dir), ['00000002-0000000000000065.log']);
    await s.close();
  }));

test('segment log: a log fsync that never answers fails the write (stall bound), and abandon fails pending writes; close does not hang', () =>
  withDir(async (dir) => {
    const never = () => new Promise<void>(() => undefined);
    let s = await openLmdbStorage(join(dir, 'a'), { stallMs: 200, beforeLogSyncForTesting: never });
    await assert.rejects(s.appendLog(entries(1, 1)), /storage write failed in appendLog .*no result from the disk after \d+ ms/);
    await assert.rejects(s.applyCommitted({ lastApplied: asZxid(1n), nodes: new Map(), sessions: new Map() }), /no further writes are accepted/);
    await s.close();
    s = await openLmdbStorage(join(dir, 'b'), { beforeLogSyncForTesting: never });
    const pending = s.appendLog(entries(1, 1));
    const applied = s.applyCommitted({ lastApplied: asZxid(1n), nodes: new Map(), sessions: new Map() });
    await new Promise((r) => setTimeout(r, 20));
    s.abandon!('the member exits');
    await assert.rejects(pending, /abandoned: the member exits/);
    await assert.rejects(applied, /abandoned: the member exits/);
    await s.close();
  }));

test('segment log: a file damaged at its first record goes aside whole, with every later file', () =>
  withDir(async (dir) => {
    let s = await openLmdbStorage(dir, small());
    for (let i = 1; i <= 60; i += 5) await s.appendLog(entries(i, i + 4));
    await s.close();
    const files = logFiles(dir);
    const path = join(dir, LOG_DIR, files[1]!);
    const content = readFileSync(path);
    content[RECORD_HEADER_BYTES + 2]! ^= 0x01;
    writeFileSync(path, content);
    const reports: Reported[] = [];
    s = await openLmdbStorage(dir, small(reports));
    const secondFirst = BigInt('0x' + files[1]!.slice(9, 25));
    assert.deepEqual(zxidsOf(s), range(1, Number(secondFirst) - 1));
    assert.equal(reports.length, 1, JSON.stringify(reports));
    assert.equal(reports[0]!.level, 'error');
    assert.deepEqual(logFiles(dir), [files[0], ...files.slice(1).map((f) => f + '.corrupt')]);
    await s.close();
  }));

/** Offsets of the records in a log file (up to the zeros). */
function recordOffsets(content: Buffer): { at: number; zxid: bigint }[] {
  const out: { at: number; zxid: bigint }[] = [];
  let at = 0;
  while (at + RECORD_HEADER_BYTES <= content.byteLength && content.readBigUInt64BE(at + 8) !== 0n) {
    out.push({ at, zxid: content.readBigUInt64BE(at + 8) });
    at += RECORD_HEADER_BYTES + content.readUInt32BE(at);
  }
  return out;
}

test('segment log: a group that rolls over syncs the full file before it creates the next one', () =>
  withDir(async (dir) => {
    const filesAtSync: number[] = [];
    let watching = false;
    const s = await openLmdbStorage(dir, {
      ...small(),
      beforeLogSyncForTesting: async () => {
        if (watching) filesAtSync.push(logFiles(dir).length);
      },
    });
    await s.appendLog(entries(1, 5));
    const before = logFiles(dir).length;
    watching = true;
    await s.appendLog(entries(6, 40)); // one group, several files
    const after = logFiles(dir).length;
    assert.ok(after > before + 1, `files: ${before} -> ${after}`);
    // A sync with only the first file present: its records were durable before the next file existed.
    assert.equal(filesAtSync[0], before, JSON.stringify(filesAtSync));
    assert.equal(filesAtSync.length, after - before + 1, JSON.stringify(filesAtSync));
    await s.close();
  }));

test('segment log: a later file that does not follow the file before (its tail lost) is cut at open, loudly', () =>
  withDir(async (dir) => {
    let s = await openLmdbStorage(dir, small());
    await s.appendLog(entries(1, 30));
    const files = logFiles(dir);
    await s.appendLog(entries(31, 40)); // one group, rolling over into a new file
    await s.close();
    const now = logFiles(dir);
    assert.ok(now.length > files.length, `no roll-over: ${now.join(', ')}`);
    // What power loss could leave if the new file's pages reached the disk and the old file's
    // tail did not: the group's records in the old file are zeros.
    const path = join(dir, LOG_DIR, files[files.length - 1]!);
    const content = readFileSync(path);
    const recs = recordOffsets(content);
    const lost = recs.find((r) => r.zxid === 31n);
    assert.ok(lost, `zxid 31 is not in ${files[files.length - 1]}`);
    content.fill(0, lost.at);
    writeFileSync(path, content);
    const reports: Reported[] = [];
    s = await openLmdbStorage(dir, small(reports));
    assert.deepEqual(zxidsOf(s), range(1, 30));
    assert.equal(s.lastLogged(), 30n);
    assert.equal(reports.length, 1, JSON.stringify(reports));
    assert.equal(reports[0]!.level, 'error');
    assert.match(reports[0]!.msg, /CORRUPT .*does not follow 0x1e .*gap/);
    assert.ok(logFiles(dir).some((f) => f.endsWith('.corrupt')), logFiles(dir).join(', '));
    await s.appendLog(entries(31, 32));
    await s.close();
    s = await openLmdbStorage(dir, small());
    assert.deepEqual(zxidsOf(s), range(1, 32));
    await s.close();
  }));

/** `p`, or a rejection saying it did not settle (a promise that hangs fails the test rather than the run). */
async function settled<T>(p: Promise<T>, ms = 5000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`did not settle in ${ms} ms`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

const eio = (): Promise<void> => Promise.reject(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' }));

test('segment log: an append whose write or sync fails rejects its own promise (and every later one)', () =>
  withDir(async (dir) => {
    const log = SegmentLog.open(join(dir, 'log'), 1, asZxid(0n), { beforeSync: eio, report: () => undefined });
    const failing = log.append(entries(1, 3));
    await assert.rejects(settled(failing), /EIO/);
    await assert.rejects(settled(log.append(entries(4, 4))), /EIO/);
    await settled(log.close());
  }));

test('upgrade: a log write that fails during the upgrade fails the open with a StorageError (no hang)', () =>
  withDir(async (dir) => {
    await writeFormat1(dir, 20, 5n);
    await assert.rejects(settled(openLmdbStorage(dir, { ...small(), beforeLogSyncForTesting: eio })), (e: unknown) => {
      assert.ok(e instanceof StorageError, String(e));
      assert.match((e as Error).message, /EIO/);
      return true;
    });
    // Still format 1: the next open upgrades.
    const s = await openLmdbStorage(dir, small());
    assert.deepEqual(zxidsOf(s), range(1, 20));
    await s.close();
  }));

test('segment log: a call made as a barrier finishes does not overtake the calls waiting at its gate', async () => {
  // The barrier's end (gated-- on its gate) and the start of the calls chained on that gate are
  // a few microtasks apart: try an append at every depth from the log op's completion.
  for (let depth = 0; depth < 16; depth++) {
    await withDir(async (dir) => {
      let s = await openLmdbStorage(dir);
      await s.appendLog(entries(1, 2));
      const log = (s as unknown as { log: { onComplete: () => void } }).log;
      const original = log.onComplete;
      let late: Promise<void> | null = null;
      log.onComplete = () => {
        original();
        if (late) return;
        let chain: Promise<unknown> = Promise.resolve();
        for (let i = 0; i < depth; i++) chain = chain.then(() => undefined);
        late = chain.then(() => s.appendLog(entries(4, 4)));
      };
      const truncated = s.truncateLogAfter(asZxid(2n));
      const waiting = s.appendLog(entries(3, 3)); // queued behind the barrier
      await Promise.all([truncated, waiting]);
      await late;
      assert.deepEqual(zxidsOf(s), range(1, 4), `depth ${depth}`);
      await s.close();
      s = await openLmdbStorage(dir);
      assert.deepEqual(zxidsOf(s), range(1, 4), `depth ${depth}, after reopen`);
      await s.close();
    });
  }
});

test('segment log: a log cut below lastApplied at open starts above it, so no read spans the gap', () =>
  withDir(async (dir) => {
    let s = await openLmdbStorage(dir, small());
    for (let i = 1; i <= 60; i += 5) await s.appendLog(entries(i, i + 4));
    await s.applyCommitted({ lastApplied: asZxid(50n), nodes: new Map([['/x', node(50n, 'x')]]), sessions: new Map() });
    await s.close();
    const files = logFiles(dir);
    // Damage the third record of the second file: the open cuts the log there, below 50.
    const path = join(dir, LOG_DIR, files[1]!);
    const content = readFileSync(path);
    const third = recordOffsets(content)[2]!;
    content[third.at + RECORD_HEADER_BYTES + 1]! ^= 0xff;
    writeFileSync(path, content);
    assert.ok(third.zxid < 50n);
    const reports: Reported[] = [];
    s = await openLmdbStorage(dir, small(reports));
    assert.ok(reports.some((r) => r.level === 'error' && /CORRUPT/.test(r.msg)), JSON.stringify(reports));
    assert.ok(reports.some((r) => r.level === 'error' && /below lastApplied 0x32: .*starts at 0x33/.test(r.msg)), JSON.stringify(reports));
    assert.equal(s.firstLogged(), null);
    assert.deepEqual(zxidsOf(s), []);
    assert.equal(s.lastLogged(), 50n);
    await s.appendLog(entries(51, 53));
    for (const pass of [1, 2]) {
      if (pass === 2) {
        await s.close();
        reports.length = 0;
        s = await openLmdbStorage(dir, small(reports));
        assert.deepEqual(reports, []);
      }
      assert.equal(s.firstLogged(), 51n, `pass ${pass}`);
      assert.deepEqual(zxidsOf(s), range(51, 53), `pass ${pass}`);
      assert.deepEqual(zxidsOf(s, 10n), range(51, 53), `pass ${pass}`);
    }
    await s.close();
  }));

/** Runs `body` with every fsyncSync recorded (the inode numbers of what was synced). */
async function watchingFsync(body: (synced: number[]) => Promise<void>): Promise<void> {
  const synced: number[] = [];
  const fs = createRequire(import.meta.url)('node:fs') as typeof import('node:fs'); // the mutable module object
  const original = fs.fsyncSync;
  fs.fsyncSync = (fd: number) => {
    synced.push(fs.fstatSync(fd).ino);
    original(fd);
  };
  syncBuiltinESMExports();
  try {
    await body(synced);
  } finally {
    fs.fsyncSync = original;
    syncBuiltinESMExports();
  }
}

test('segment log: the data directory is fsynced after log/ is created in it (fresh directory and upgrade)', async () => {
  await watchingFsync(async (synced) => {
    for (const upgrade of [false, true]) {
      await withDir(async (dir) => {
        if (upgrade) await writeFormat1(dir, 5, 2n);
        synced.length = 0;
        const s = await openLmdbStorage(dir);
        assert.ok(synced.includes(statSync(dir).ino), `upgrade ${upgrade}: the data directory was not fsynced`);
        await s.close();
      });
    }
  });
});

test('a data directory the storage creates, with its missing parents, is fsynced into each parent', async () => {
  await watchingFsync(async (synced) => {
    await withDir(async (base) => {
      const dir = join(base, 'a', 'b');
      const s = await openLmdbStorage(dir);
      for (const parent of [base, join(base, 'a'), dir]) assert.ok(synced.includes(statSync(parent).ino), `${parent} was not fsynced`);
      await s.close();
      synced.length = 0;
      const again = await openLmdbStorage(dir);
      assert.ok(!synced.includes(statSync(base).ino), 'an existing directory is not synced again');
      await again.close();
  });
  });
});

test('segment log: readLog during a truncation never returns the records being zeroed', () =>
  withDir(async (dir) => {
    const s = await openLmdbStorage(dir);
    await s.appendLog(entries(1, 200));
    let done = false;
    const truncated = s.truncateLogAfter(asZxid(5n)).then(() => (done = true));
    let reads = 0;
    while (!done) {
      for (const e of s.readLog(asZxid(0n))) assert.deepEqual(e.bytes, bytesOf(e.zxid), `read ${reads}: zxid ${e.zxid}`);
      reads++;
      await new Promise<void>((r) => setImmediate(r));
    }
    await truncated;
    assert.deepEqual(zxidsOf(s), range(1, 5));
    await s.close();
  }));

function isZeroFrom(b: Buffer, at: number): boolean {
  for (let i = at; i < b.byteLength; i++) if (b[i] !== 0) return false;
  return true;
}
