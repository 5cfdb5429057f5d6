/**
 * Linearizability checking (pure): a Wing–Gong/Lowe search over histories of timed operations,
 * split per object (P-compositionality), with models of ZooKeeper's versioned registers,
 * children sets and sequential names. Used by the fault bench (src/chaos) on real clusters and
 * by the simulator (src/sim) as a black-box cross-check. See docs/chaos.md.
 */
export { checkOperations, finalStates, minimize } from './search.js';
export { checkPartitioned, describe, formatCounterexample } from './partition.js';
export { childSetModel, registerModel, sequenceModel } from './models.js';
//# sourceMappingURL=index.js.map