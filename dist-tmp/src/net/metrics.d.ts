/**
 * What the runtimes report to the metrics (docs/operations.md): a few thin calls on the durable
 * and applied paths, made by the effect interpreter (src/drive/ports.ts). Everything else the
 * metrics show is read from the server at scrape time.
 */
export type { RuntimeMetrics } from '../drive/ports.js';
