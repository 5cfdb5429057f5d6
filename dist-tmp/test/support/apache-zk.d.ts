export declare const ZOOKEEPER_JAR = "/usr/share/java/zookeeper.jar";
/**
 * The class path for ZooKeeper with TLS. Debian's zookeeper.jar names its Netty jars in its
 * manifest but leaves out netty-codec and netty-resolver, which Netty's SslHandler and client
 * bootstrap need (NoClassDefFoundError: io/netty/handler/codec/ByteToMessageDecoder); both are
 * installed, so they are added here (and to zkCli.sh's class path by the TLS tests).
 */
export declare const ZOOKEEPER_CLASSPATH: string;
export interface ApacheZooKeeperOptions {
    /** Default 200 ms (so min session timeout 400 ms, and expiry is checked often). */
    tickTime?: number;
    /** Extra zoo.cfg lines (ZooKeeper turns unknown keys such as ssl.* into zookeeper.* properties). */
    extra?: Record<string, string | number | boolean>;
    /** Start ZooKeeper's own AdminServer (Jetty) on a free port of 127.0.0.1. */
    admin?: boolean;
    /** Extra JVM flags, e.g. -Djava.security.auth.login.config=FILE for SASL. */
    jvmFlags?: string[];
}
export interface ApacheZooKeeper {
    host: string;
    port: number;
    connectString: string;
    dataDir: string;
    /** With `admin`: the AdminServer's port. */
    adminPort?: number;
    /** Stops the server and deletes its temp directory. */
    stop(): Promise<void>;
    /** Stops and starts again with the same data dir and port. */
    restart(): Promise<void>;
    /** Kills the JVM without a clean shutdown (data dir kept; restart() brings it back). */
    kill(): Promise<void>;
    output(): string;
}
/** True when the Debian package's jar and a `java` executable are present. */
export declare function isApacheZooKeeperInstalled(): boolean;
export declare function startApacheZooKeeper(options?: ApacheZooKeeperOptions): Promise<ApacheZooKeeper>;
/** Sends a four-letter word; resolves with the text the server wrote before closing. */
export declare function fourLetterWord(port: number, word: string, host?: string): Promise<string>;
