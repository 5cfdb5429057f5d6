export * from './types.js';
export * from './vote.js';
export { MajorityQuorum } from '../base/quorum.js';
export * from './sender-filter.js';
export { Election } from './election.js';
export type { ElectionOptions } from './election.js';
