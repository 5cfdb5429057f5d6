/**
 * A separate process for the recipes' fault tests: `node worker.js <connect> mutex <lock>
 * <counter> <n>` does n read-modify-write increments of <counter> under the Mutex and prints
 * DONE; `... latch <path> <id>` joins a LeaderLatch and prints LEADER / NOTLEADER as that
 * changes, until its stdin closes.
 */
import { createClient } from '../../src/client/index.js';
import { LeaderLatch, Mutex } from '../../src/client/recipes/index.js';

const [connect, mode, path, arg1, arg2] = process.argv.slice(2);
const zk = createClient(connect!, { sessionTimeout: 4000 });
await zk.connected();

if (mode === 'mutex') {
  const mutex = new Mutex(zk, path!);
  for (let i = 0; i < Number(arg2); i++) {
    const lock = await mutex.acquire({ timeoutMs: 60_000 });
    try {
      const v = Number((await zk.getData(arg1!)).data!.toString());
      await new Promise((r) => setTimeout(r, 1));
      await zk.setData(arg1!, String(v + 1));
    } finally {
      await lock.release();
    }
  }
  process.stdout.write('DONE\n');
  await zk.close();
} else if (mode === 'latch') {
  const latch = new LeaderLatch(zk, path!, arg1);
  latch.on('isLeader', () => process.stdout.write('LEADER\n'));
  latch.on('notLeader', () => process.stdout.write('NOTLEADER\n'));
  await latch.start();
  process.stdout.write('STARTED\n');
  process.stdin.resume();
  await new Promise((r) => process.stdin.on('end', r));
  await latch.close();
  await zk.close();
}
