/**
 * The Disk port over a promise-based Storage (src/storage/api.ts): what src/net gives the
 * interpreter over lmdb, and what unit tests give it over the memory storage. Each call is made
 * on the storage at once, so the storage's call order is the interpreter's; its answer comes
 * back when the promise settles.
 */
import type { Storage } from '../storage/api.js';
import type { Disk, DiskDone } from './ports.js';

export function storageDisk(storage: Storage): Disk {
  const answer = (p: Promise<unknown>, done: DiskDone): void => {
    p.then(
      () => done(null),
      (err: Error) => done(err),
    );
  };
  return {
    readLog: (from, to, maxBytes) => storage.readLog(from, to, maxBytes),
    firstLogged: () => storage.firstLogged(),
    appendLog: (entries, done) => answer(storage.appendLog(entries), done),
    setEpochs: (epochs, done) => answer(storage.setEpochs(epochs), done),
    truncateLogAfter: (zxid, done) => answer(storage.truncateLogAfter(zxid), done),
    replaceState: (state, done) => answer(storage.replaceState(state), done),
    applyCommitted: (batch, done) => answer(storage.applyCommitted(batch), done),
    purgeLogBefore: (zxid, done) =>
      storage.purgeLogBefore(zxid).then(
        (n) => done(null, n),
        (err: Error) => done(err, 0),
      ),
  };
}
