/**
 * Child process for test/integration/storage-crash.test.ts.
 *
 * `storage-crash-child <dir> [inFlight]`: opens the LMDB storage in `dir` and appends
 * single-entry batches forever, `inFlight` (default 20) at a time, printing each zxid on its own
 * line to stdout only after its appendLog promise resolved. The parent SIGKILLs it at a random
 * moment and checks every printed zxid survived.
 *
 * `storage-crash-child <dir> fill`: run under a file-size limit (`ulimit -f`): appends 4 KB
 * entries, 20 calls in flight, until the disk "fills"; prints `acked <n>` lines as above as
 * `<zxid>`, then `error <message>` for the rejection, checks that later writes are refused and
 * reads still work, closes and exits 0. Any crash of the process is a failure.
 *
 * `storage-crash-child <dir> index`: a tree (restored from what `dir` holds) applies random
 * creates (plain and ephemeral), deletes and session closes, and hands its changes to
 * applyCommitted as the server does (owner changes and totals with the nodes), several batches
 * in flight; prints `applied <zxid>` as each resolves. The parent kills it and checks that the
 * stored index still equals what the stored nodes imply (docs/storage-contract.md, "The tree's
 * index").
 */
import { openLmdbStorage } from '../../src/storage/lmdb/lmdb-storage.js';
import { asZxid } from '../../src/base/zxid.js';
import { DataTree } from '../../src/tree/data-tree.js';
import { TxnType, type TxnBody } from '../../src/wire/txn.js';

async function index(dir: string): Promise<void> {
  const storage = await openLmdbStorage(dir);
  const loaded = await storage.load();
  const tree = new DataTree();
  tree.restore(loaded.nodes, loaded.lastApplied);
  let zxid = loaded.lastApplied;
  process.stdout.write(`ready ${zxid}\n`);
  const world = [{ perms: 31, id: { scheme: 'world', id: 'anyone' } }];
  const data = new Uint8Array(200).fill(3);
  let n = 0;
  const inFlight = new Set<Promise<void>>();
  for (;;) {
    n++;
    const r = Math.random();
    const session = BigInt(1 + Math.floor(Math.random() * 5));
    let body: TxnBody;
    if (r < 0.55) body = { type: TxnType.create, path: `/n${zxid + 1n}`, data, acl: world, ephemeralOwner: Math.random() < 0.5 ? session : 0n, parentCversion: tree.get('/')!.cversion + 1 };
    else if (r < 0.95) {
      const kids = [...tree.children('/')].filter((c) => c !== 'zookeeper');
      body = { type: TxnType.delete, path: `/${kids[Math.floor(Math.random() * kids.length)] ?? 'none'}` };
    } else body = { type: TxnType.closeSession, ephemerals: [] };
    zxid = asZxid(zxid + 1n);
    tree.applyTxn({ sessionId: session, cxid: 0, zxid, time: Date.now(), body });
    if (n % 3 !== 0) continue;
    const at = zxid;
    const p = storage.applyCommitted({ lastApplied: at, nodes: tree.drainDirty(), sessions: new Map(), owners: tree.drainOwners(), totals: tree.storedTotals() }).then(() => {
      process.stdout.write(`applied ${at}\n`);
    });
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
    if (inFlight.size >= 8) await Promise.race(inFlight);
  }
}

/** The bytes stored for a zxid (the parent recomputes them to check the contents). */
export function payloadFor(zxid: bigint): Uint8Array {
  const n = 32 + Number(zxid % 200n);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = Number((zxid * 31n + BigInt(i)) & 0xffn);
  return out;
}

async function fill(dir: string): Promise<void> {
  const storage = await openLmdbStorage(dir);
  let next = (await storage.load()).lastLogged + 1n;
  const bytes = new Uint8Array(4000).fill(7);
  let firstError: string | null = null;
  const one = async (): Promise<void> => {
    while (firstError === null) {
      const zxid = asZxid(next++);
      try {
        await storage.appendLog([{ zxid, bytes }]);
        process.stdout.write(`${zxid}\n`);
      } catch (e) {
        firstError ??= e instanceof Error ? e.message : String(e);
      }
    }
  };
  await Promise.all(Array.from({ length: 20 }, one));
  process.stdout.write(`error ${firstError}\n`);
  // Poisoned: later writes are refused at once, reads still work.
  const again = await storage.setEpochs({ acceptedEpoch: 1, currentEpoch: 1 }).then(() => 'accepted', (e: Error) => e.message);
  process.stdout.write(`again ${again}\n`);
  process.stdout.write(`readable ${storage.readLog(asZxid(0n)).length}\n`);
  await storage.close();
  process.stdout.write('closed\n');
}

async function main(): Promise<void> {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: storage-crash-child <dir> [inFlight|fill|index]');
  if (process.argv[3] === 'fill') return fill(dir);
  if (process.argv[3] === 'index') return index(dir);
  const inFlight = Number(process.argv[3] ?? '20');
  const storage = await openLmdbStorage(dir);
  const start = (await storage.load()).lastLogged;
  let next = start + 1n;
  process.stdout.write(`ready ${start}\n`);
  const one = async (): Promise<void> => {
    for (;;) {
      const zxid = asZxid(next++);
      await storage.appendLog([{ zxid, bytes: payloadFor(zxid) }]);
      process.stdout.write(`${zxid}\n`);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, one));
}

// Only run when executed directly (the parent imports payloadFor).
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))) {
  main().catch((e: unknown) => {
    process.stderr.write(`child failed: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  });
}
