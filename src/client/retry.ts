/**
 * How long to wait before each connection attempt. The first attempt after a drop is
 * immediate (usually to another server of the list); repeated failures back off
 * exponentially with jitter so that many clients of a restarted ensemble do not reconnect
 * in lock-step.
 */
import { backoffMs } from '../base/backoff.js';

export interface RetryPolicy {
  /**
   * Delay in ms before connection attempt `attempt` (0 = the first attempt after the client
   * started or lost its connection), or null to give up (the client then closes itself and
   * fails every request with ConnectionLossError).
   */
  delayMs(attempt: number): number | null;
}

export interface BackoffOptions {
  /** Delay before the second attempt; doubles after each further failure. Default 50 ms. */
  baseDelayMs?: number;
  /** Upper bound of one delay. Default 2000 ms. */
  maxDelayMs?: number;
  /** Give up after this many attempts in a row. Default: never give up. */
  maxAttempts?: number;
  /** Spread each delay over [delay/2, delay]. Default true. */
  jitter?: boolean;
}

export function exponentialBackoff(options: BackoffOptions = {}): RetryPolicy {
  const base = options.baseDelayMs ?? 50;
  const max = options.maxDelayMs ?? 2000;
  const maxAttempts = options.maxAttempts ?? Infinity;
  const jitter = options.jitter ?? true;
  return {
    delayMs(attempt: number): number | null {
      if (attempt >= maxAttempts) return null;
      if (attempt === 0) return 0;
      const d = backoffMs(attempt - 1, base, max);
      return jitter ? Math.round(d / 2 + (Math.random() * d) / 2) : d;
    },
  };
}

export function isRetryPolicy(x: unknown): x is RetryPolicy {
  return typeof x === 'object' && x !== null && typeof (x as RetryPolicy).delayMs === 'function';
}
