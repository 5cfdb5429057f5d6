/**
 * LeaderSelector: Curator's LeaderSelector. Candidates queue on an InterProcessMutex at the
 * leader path (`_c_<uuid>-lock-<seq>` nodes whose data is the candidate's id), and the one
 * holding the mutex runs `takeLeadership`; leadership ends when the callback returns (the
 * mutex is released) and, with `autoRequeue`, the candidate queues again.
 *
 * The callback gets an AbortSignal, aborted when leadership must end: the session is lost,
 * the lock node is deleted, the connection is lost (by default, as Curator's
 * LeaderSelectorListenerAdapter cancels on SUSPENDED), interruptLeadership() or close().
 * It should stop its work promptly then; the mutex is released once it returns.
 *
 *   const selector = new LeaderSelector(zk, '/election/compactor', async (signal) => {
 *     while (!signal.aborted) await compactOnce(signal);
 *   }, { id: 'node-1', autoRequeue: true });
 *   selector.start();
 */
import { EventEmitter } from 'node:events';
import { NoNodeError } from '../errors.js';
import { isDead, LostError, RecipeStateError } from './internal.js';
import { ReentrantLock } from './mutex.js';
import { standardDriver } from './lock-internals.js';
export class LeaderSelector extends EventEmitter {
    zk;
    path;
    takeLeadership;
    options;
    mutex;
    state = 'LATENT';
    queued = false;
    leader = false;
    term = null;
    closing = new AbortController();
    running = null;
    constructor(zk, path, takeLeadership, options = {}) {
        super();
        this.zk = zk;
        this.path = path;
        this.takeLeadership = takeLeadership;
        this.options = options;
        if (!path.startsWith('/'))
            throw new RecipeStateError(`leader path must be absolute: ${path}`);
        const id = options.id ?? '';
        this.mutex = new ReentrantLock(zk, path, standardDriver('lock-'), { data: id.length > 0 ? Buffer.from(id, 'utf8') : undefined, lostOnDisconnect: options.cancelOnDisconnect ?? true }, 'leadership');
    }
    get id() {
        return this.options.id ?? '';
    }
    start() {
        if (this.state !== 'LATENT')
            throw new RecipeStateError('Cannot be started more than once');
        this.state = 'STARTED';
        this.requeue();
    }
    /** Queues for leadership again (no-op while queued or leading). Returns whether it queued. */
    requeue() {
        if (this.state !== 'STARTED')
            throw new RecipeStateError('close() has already been called');
        if (this.queued)
            return false;
        this.queued = true;
        this.running = this.runTerms();
        return true;
    }
    hasLeadership() {
        return this.leader;
    }
    /** Ends the current term (the callback's signal is aborted). */
    interruptLeadership() {
        this.term?.abort(new LostError(`leadership of ${this.path} interrupted`));
    }
    async getParticipants() {
        const out = [];
        for (const path of await this.mutex.participantNodes()) {
            try {
                const { data } = await this.zk.getData(path);
                out.push({ id: data === null ? '' : data.toString('utf8'), isLeader: out.length === 0 });
            }
            catch (e) {
                if (!(e instanceof NoNodeError))
                    throw e;
            }
        }
        return out;
    }
    async getLeader() {
        const all = await this.getParticipants();
        return all[0] ?? { id: '', isLeader: false };
    }
    /** Stops queuing, ends the current term and waits for the callback to return. */
    async close() {
        if (this.state !== 'STARTED')
            throw new RecipeStateError('Already closed or has not been started');
        this.state = 'CLOSED';
        this.closing.abort(new LostError('the leader selector was closed'));
        this.interruptLeadership();
        await this.running?.catch(() => undefined);
    }
    async runTerms() {
        try {
            do {
                await this.oneTerm();
            } while (this.options.autoRequeue && this.state === 'STARTED' && !isDead(this.zk));
        }
        finally {
            this.queued = false;
        }
    }
    async oneTerm() {
        let lock;
        try {
            lock = await this.mutex.acquire({ signal: this.closing.signal });
        }
        catch (e) {
            if (this.closing.signal.aborted || isDead(this.zk))
                return;
            this.fail(e);
            await this.pause(); // do not spin on a persistent failure
            return;
        }
        const term = new AbortController();
        this.term = term;
        const endTerm = () => term.abort(lock.signal.reason);
        if (lock.signal.aborted)
            endTerm();
        else
            lock.signal.addEventListener('abort', endTerm, { once: true });
        this.leader = true;
        this.emit('leadershipStarted');
        try {
            if (this.state === 'STARTED')
                await this.takeLeadership(term.signal);
        }
        catch (e) {
            if (!term.signal.aborted)
                this.fail(e);
        }
        finally {
            lock.signal.removeEventListener('abort', endTerm);
            this.leader = false;
            this.term = null;
            await lock.release();
            this.emit('leadershipEnded');
        }
    }
    fail(e) {
        if (this.listenerCount('error') > 0)
            this.emit('error', e instanceof Error ? e : new Error(String(e)));
    }
    pause() {
        return new Promise((r) => setTimeout(r, 200).unref?.());
    }
}
//# sourceMappingURL=leader-selector.js.map