import type { ACL, Id } from '../../src/wire/records.js';
import type { Request, Response } from '../../src/wire/requests.js';
import { Effect, StandaloneCore } from '../../src/peer/standalone.js';
import type { StandaloneInput } from '../../src/peer/inputs.js';
export declare const enc: (s: string) => NodeJS.NonSharedUint8Array;
export declare const OPEN: ACL[];
export declare function digest(userPassword: string): string;
export declare const ALICE = "alice:secret";
export declare const ALICE_ID: Id;
export declare const ALICE_ONLY: ACL[];
export interface Reply {
    err: number;
    response?: Response;
    zxid: bigint;
}
export declare class CoreHarness {
    readonly core: StandaloneCore;
    private readonly effects;
    private xid;
    /** The time every input is stamped with. */
    readonly clock: {
        nowMs: number;
        wallMs: number;
    };
    constructor(opts?: {
        extendedTypesEnabled?: boolean;
    });
    /** Hands the core one input, stamped with the harness's clock. */
    step(input: StandaloneInput): void;
    /** Runs the core until it is idle, answering every persist at once. */
    settle(): Effect[];
    connect(conn: number): bigint;
    addAuth(conn: number, id: Id): void;
    call(conn: number, req: Request): Reply;
    ok(conn: number, req: Request): Response | undefined;
    create(conn: number, path: string, acl?: ACL[], flags?: number): void;
    /** The events delivered to `conn` since the last call, as "type path". */
    events(conn: number): string[];
}
