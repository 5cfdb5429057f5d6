export function storageDisk(storage) {
    const answer = (p, done) => {
        p.then(() => done(null), (err) => done(err));
    };
    return {
        readLog: (from, to, maxBytes) => storage.readLog(from, to, maxBytes),
        firstLogged: () => storage.firstLogged(),
        appendLog: (entries, done) => answer(storage.appendLog(entries), done),
        setEpochs: (epochs, done) => answer(storage.setEpochs(epochs), done),
        truncateLogAfter: (zxid, done) => answer(storage.truncateLogAfter(zxid), done),
        replaceState: (state, done) => answer(storage.replaceState(state), done),
        applyCommitted: (batch, done) => answer(storage.applyCommitted(batch), done),
        purgeLogBefore: (zxid, done) => storage.purgeLogBefore(zxid).then((n) => done(null, n), (err) => done(err, 0)),
    };
}
//# sourceMappingURL=storage-disk.js.map