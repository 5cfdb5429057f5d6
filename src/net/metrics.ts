/**
 * What the runtimes report to the metrics (docs/operations.md): a few thin calls on the durable
 * and applied paths. Everything else the metrics show is read from the server at scrape time.
 */
export interface RuntimeMetrics {
  /**
   * Txns are handed to the log (a proposal on the leader, its copy on a learner). The returned
   * callback is called once they are flushed: it times the fsync.
   */
  logging(zxids: readonly bigint[]): () => void;
  /** Applied state advanced to `lastApplied` (commits applied, in zxid order). */
  applied(lastApplied: bigint): void;
}
