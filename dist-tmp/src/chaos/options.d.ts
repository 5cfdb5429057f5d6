/** Small shared bits of the bench's command line. */
import type { Target } from './cluster.js';
export declare function isTarget(t: string): t is Target;
