export interface TestServer {
    connectString: string;
    stop(): Promise<void>;
    restart(): Promise<void>;
}
export declare function defineClientSuite(name: string, startServer: () => Promise<TestServer>): void;
