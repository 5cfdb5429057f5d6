/** Small shared bits of the bench's command line. */
import type { Target } from './cluster.js';

export function isTarget(t: string): t is Target {
  return t === 'zk-ts' || t === 'zookeeper';
}
