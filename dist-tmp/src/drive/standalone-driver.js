import { assertNever } from '../base/invariant.js';
import { CoreDriver } from './core-driver.js';
export class StandaloneDriver extends CoreDriver {
    opts;
    ticking = null;
    constructor(core, ports, opts) {
        super(core, ports, { logRetain: opts.logRetain });
        this.opts = opts;
    }
    start() {
        if (this.halted || this.ticking)
            return;
        this.ticking = this.ports.timer.every(this.opts.tickIntervalMs, () => this.submit({ kind: 'tick' }));
    }
    execute(e) {
        switch (e.kind) {
            case 'persist':
            case 'store':
            case 'log':
                return this.executeShared(e);
            case 'reply':
            case 'notify':
            case 'close':
            case 'handshake':
                return this.ports.clients(e);
            default:
                return assertNever(e, 'standalone effect');
        }
    }
    halt() {
        super.halt();
        this.ticking?.();
        this.ticking = null;
    }
}
//# sourceMappingURL=standalone-driver.js.map