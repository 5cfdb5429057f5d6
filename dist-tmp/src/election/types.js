export const DEFAULT_TIMING = {
    finalizeWaitMs: 200,
    minNotificationIntervalMs: 200,
    maxNotificationIntervalMs: 60_000,
    pollTimeoutMs: 200,
    pollPauseMs: 1000,
};
//# sourceMappingURL=types.js.map