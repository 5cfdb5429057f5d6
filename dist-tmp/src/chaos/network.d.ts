export declare const NAME_PREFIX = "zkc";
export interface LinkFault {
    cut?: boolean;
    lossPct?: number;
    delayMs?: number;
    jitterMs?: number;
}
export declare function run(cmd: string, args: string[], input?: string): Promise<string>;
/**
 * Removes namespaces (with every process inside) and links left by bench runs whose process is
 * gone. Returns what it removed.
 */
export declare function removeLeftovers(): Promise<string[]>;
/** Every bench namespace and TAP that exists now (for tests: nothing may be left). */
export declare function listBenchResources(pid?: number): Promise<string[]>;
export declare function sleep(ms: number): Promise<void>;
export declare class Lan {
    readonly servers: number;
    private readonly switchBin;
    private readonly seed;
    private readonly pid;
    readonly tag: string;
    subnet: string;
    private sw;
    private replies;
    private commands;
    private readonly namespaces;
    constructor(servers: number, switchBin: string, seed: number, pid?: number);
    namespace(id: number): string;
    address(id: number): string;
    get hostAddress(): string;
    private tap;
    up(): Promise<void>;
    /** Sets the link from server `from` to server `to` (one direction; 0 is the host). */
    link(from: number, to: number, f: LinkFault): Promise<void>;
    /** Both directions between every server of `a` and every server of `b`. */
    between(a: number[], b: number[], f: LinkFault): Promise<void>;
    heal(): Promise<void>;
    stats(): Promise<{
        forwarded: number;
        dropped: number;
        delayed: number;
    }>;
    private command;
    private commandReply;
    /** Kills whatever still runs in the namespaces, deletes them, and ends the switch (its TAPs go with it). */
    down(): Promise<void>;
}
