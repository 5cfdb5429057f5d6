import { type Step } from './steps.js';
export declare function digestOf(userPassword: string): string;
export declare class Workload {
    private readonly namespaceLength;
    private readonly rng;
    /** Paths the reference server reported creating (sequential names included). */
    private readonly learnt;
    constructor(seed: number, namespaceLength: number);
    private pick;
    private chance;
    /** Tells the workload a path the reference server created (relative to the namespace, `~…`). */
    learn(path: string): void;
    private path;
    private data;
    private acl;
    private version;
    private create;
    private watchedRead;
    private multiSub;
    private multiReadSub;
    private watchOp;
    private odd;
    next(): Step;
}
