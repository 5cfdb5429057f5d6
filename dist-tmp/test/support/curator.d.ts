/** True when Java and every Curator jar the agent needs are installed. */
export declare function isCuratorInstalled(): boolean;
/** Compiles the agent once per source version; returns the class directory. */
export declare function compiledAgent(): string;
export declare class CuratorAgent {
    private out;
    private seq;
    private readonly child;
    private readonly waiters;
    private constructor();
    /** Starts a JVM and connects its Curator client. */
    static start(connectString: string, sessionTimeoutMs?: number): Promise<CuratorAgent>;
    /** Everything the agent printed. */
    output(): string;
    /** Sends a command; returns its tag (answers are `<tag> ...` lines). */
    send(command: string): string;
    /** Sends a command and waits for its first answer line matching `re` (rejects on ERROR). */
    call(command: string, re: RegExp, timeoutMs?: number): Promise<string>;
    /** Waits for a `<tag> ...` line matching `re`; returns the text after the tag. */
    waitFor(tag: string, re: RegExp, timeoutMs?: number, fromLine?: number): Promise<string>;
    /** Lines `<tag> ...` seen so far (text after the tag). */
    answers(tag: string): string[];
    stop(): Promise<void>;
    /** Kills the JVM at once (its session stays until the server expires it). */
    kill(): void;
    private wake;
}
