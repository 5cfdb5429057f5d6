import { StandaloneDriver } from '../drive/standalone-driver.js';
import { storageDisk } from '../drive/storage-disk.js';
import { exitAfterStop, nodeTimer } from './core-runtime.js';
export class StandaloneRuntime {
    core;
    driver;
    sink = () => { };
    stopping = null;
    constructor(core, storage, log, opts) {
        this.core = core;
        this.driver = new StandaloneDriver(core, {
            timer: nodeTimer,
            disk: storageDisk(storage),
            log,
            clients: (e) => this.sink(e),
            exit: (reason, cause) => exitAfterStop(() => this.stop(), opts.onFatal, reason, cause),
        }, { tickIntervalMs: opts.tickIntervalMs, logRetain: opts.logRetain });
    }
    get metrics() {
        return this.driver.metrics;
    }
    set metrics(m) {
        this.driver.metrics = m;
    }
    setSink(sink) {
        this.sink = sink;
    }
    /** Hands one input to the core, stamped with the time now. */
    submit(input) {
        this.driver.submit(input);
    }
    flush() {
        this.driver.flush();
    }
    start() {
        this.driver.start();
    }
    /** Stops ticking and waits until every write handed to storage has settled. */
    stop() {
        this.stopping ??= (async () => {
            this.driver.stop();
            await this.driver.applied.settled();
        })();
        return this.stopping;
    }
}
//# sourceMappingURL=standalone-runtime.js.map