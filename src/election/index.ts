export * from './types.js';
export * from './vote.js';
export * from './quorum.js';
export * from './sender-filter.js';
export { Election } from './election.js';
export type { ElectionOptions } from './election.js';
