export declare function armExitWatchdog(ms: number): void;
