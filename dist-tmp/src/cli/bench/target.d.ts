import type { ServerKind } from './cluster.js';
export type Target = {
    kind: ServerKind;
} | {
    hosts: string[];
    ports: number[];
    connectString: string;
};
export declare function parseTarget(s: string): Target;
/** Only a launched kind: for workloads that start, kill and restart servers themselves. */
export declare function launchedKind(s: string, command: string): ServerKind;
