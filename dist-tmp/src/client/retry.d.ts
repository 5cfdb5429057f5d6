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
export declare function exponentialBackoff(options?: BackoffOptions): RetryPolicy;
export declare function isRetryPolicy(x: unknown): x is RetryPolicy;
