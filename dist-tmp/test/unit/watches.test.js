/** The watch manager's per-connection index stays in step with the watches that exist. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { WatchManager } from '../../src/tree/watches.js';
import { EventType, WatcherType } from '../../src/wire/constants.js';
describe('WatchManager per-connection index', () => {
    it('forgets the path of a one-shot watch once it fired (lock and queue recipes do not grow it)', () => {
        const w = new WatchManager();
        for (let i = 0; i < 1000; i++) {
            const p = `/lock/n-${i}`;
            w.addDataWatch(p, 7);
            assert.equal(w.trigger(p, EventType.NodeDeleted).length, 1);
        }
        assert.equal(w.count(), 0);
        assert.deepEqual([...w.byConnection()], [], 'wchc still lists fired watches');
        assert.equal(w.watcherCount(), 0, 'a connection without watches still counts as watching');
    });
    it('keeps a path while another watch of the connection still holds it', () => {
        const w = new WatchManager();
        w.addDataWatch('/a', 1);
        w.addChildWatch('/a', 1);
        w.trigger('/a', EventType.NodeDataChanged); // fires the data watch only
        assert.deepEqual(w.byConnection().get(1), ['/a']);
        w.trigger('/a', EventType.NodeChildrenChanged);
        assert.equal(w.byConnection().get(1), undefined);
        w.addPersistent('/p', 2, false);
        w.addDataWatch('/p', 2);
        w.trigger('/p', EventType.NodeDataChanged);
        assert.deepEqual(w.byConnection().get(2), ['/p'], 'a persistent watch was forgotten');
    });
    it('forgets a watcher once its last watch is removed', () => {
        const w = new WatchManager();
        w.addChildWatch('/q', 3);
        assert.equal(w.matchWatch('/q', 3, WatcherType.Children, true), true);
        assert.equal(w.watcherCount(), 0);
        assert.deepEqual([...w.byConnection()], []);
    });
});
//# sourceMappingURL=watches.test.js.map