import type { StepOutcome } from './lockstep.js';
import { type Step } from './steps.js';
export interface AllowEntry {
    name: string;
    /** Why it is deliberate, and which ZooKeeper release behaves as zk-ts does. */
    why: string;
}
export declare const ENTRIES: {
    existsNoAuth: {
        name: string;
        why: string;
    };
    multiCreate2Stat: {
        name: string;
        why: string;
    };
    multiCreateMode: {
        name: string;
        why: string;
    };
    checkOutsideMulti: {
        name: string;
        why: string;
    };
    watchesPerSession: {
        name: string;
        why: string;
    };
    ipv6Acl: {
        name: string;
        why: string;
    };
    longPath: {
        name: string;
        why: string;
    };
    watchModesSideBySide: {
        name: string;
        why: string;
    };
};
export declare class AllowList {
    private readonly slots;
    /** The entry covering each difference of a step (null where none does). */
    judge(step: Step, out: StepOutcome): (AllowEntry | null)[];
    private judgeOne;
    /** An event difference on a session whose watches were allowed to differ. */
    private eventTaint;
    /** Follows what each session watches, after every step (diverging or not). */
    observe(step: Step, out: StepOutcome, allowedHere: boolean): void;
    private taint;
    private reset;
}
/** What the generator does not send, because the two servers' trees would part ways for good. */
export declare const NOT_GENERATED: string[];
