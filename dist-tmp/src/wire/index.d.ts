export * from './jute.js';
export * from './constants.js';
export * from './records.js';
export * from './requests.js';
export * from './txn.js';
export * from './persist.js';
export * from './quorum.js';
