export declare class TcpProxy {
    private readonly server;
    readonly port: number;
    private readonly pairs;
    private refusing;
    private silent;
    private dropReplies;
    private constructor();
    static start(targetHost: string, targetPort: number): Promise<TcpProxy>;
    get connectString(): string;
    get connections(): number;
    private accept;
    /** Drop every byte in both directions, keeping the connections open (a hung server). */
    setSilent(on: boolean): void;
    /** Pass requests to the server but drop its replies (a reply lost on the way back). */
    setDropReplies(on: boolean): void;
    /** Close new connections at once (an unreachable server). */
    setRefusing(on: boolean): void;
    /** Close every current connection. */
    dropAll(): void;
    close(): Promise<void>;
}
