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
 */
import { openLmdbStorage } from '../../src/storage/lmdb/lmdb-storage.js';
/** The bytes stored for a zxid (the parent recomputes them to check the contents). */
export function payloadFor(zxid) {
    const n = 32 + Number(zxid % 200n);
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++)
        out[i] = Number((zxid * 31n + BigInt(i)) & 0xffn);
    return out;
}
async function fill(dir) {
    const storage = await openLmdbStorage(dir);
    let next = (await storage.load()).lastLogged + 1n;
    const bytes = new Uint8Array(4000).fill(7);
    let firstError = null;
    const one = async () => {
        while (firstError === null) {
            const zxid = next++;
            try {
                await storage.appendLog([{ zxid, bytes }]);
                process.stdout.write(`${zxid}\n`);
            }
            catch (e) {
                firstError ??= e instanceof Error ? e.message : String(e);
            }
        }
    };
    await Promise.all(Array.from({ length: 20 }, one));
    process.stdout.write(`error ${firstError}\n`);
    // Poisoned: later writes are refused at once, reads still work.
    const again = await storage.setEpochs({ acceptedEpoch: 1, currentEpoch: 1 }).then(() => 'accepted', (e) => e.message);
    process.stdout.write(`again ${again}\n`);
    process.stdout.write(`readable ${storage.readLog(0n).length}\n`);
    await storage.close();
    process.stdout.write('closed\n');
}
async function main() {
    const dir = process.argv[2];
    if (!dir)
        throw new Error('usage: storage-crash-child <dir> [inFlight|fill]');
    if (process.argv[3] === 'fill')
        return fill(dir);
    const inFlight = Number(process.argv[3] ?? '20');
    const storage = await openLmdbStorage(dir);
    const start = (await storage.load()).lastLogged;
    let next = start + 1n;
    process.stdout.write(`ready ${start}\n`);
    const one = async () => {
        for (;;) {
            const zxid = next++;
            await storage.appendLog([{ zxid, bytes: payloadFor(zxid) }]);
            process.stdout.write(`${zxid}\n`);
        }
    };
    await Promise.all(Array.from({ length: inFlight }, one));
}
// Only run when executed directly (the parent imports payloadFor).
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))) {
    main().catch((e) => {
        process.stderr.write(`child failed: ${e instanceof Error ? e.stack : String(e)}\n`);
        process.exit(1);
    });
}
//# sourceMappingURL=storage-crash-child.js.map