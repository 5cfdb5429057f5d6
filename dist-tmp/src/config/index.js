export * from './types.js';
export * from './error.js';
export * from './properties.js';
export * from './zoo-cfg.js';
export * from './security.js';
//# sourceMappingURL=index.js.map