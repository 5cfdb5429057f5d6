/**
 * How Java prints things, for output that must match ZooKeeper's byte for byte: Double.toString,
 * Date.toString, InetSocketAddress.toString, and longs printed signed.
 */
/** Java's Double.toString (shortest digits; plain for 1e-3 <= |d| < 1e7, else d.dddE±n). */
export declare function javaDouble(d: number): string;
/** Java's Date.toString in UTC: `Thu Jan 01 00:00:00 UTC 1970`. */
export declare function javaDate(ms: number): string;
/**
 * Java's InetSocketAddress.toString for an accepted socket: `/127.0.0.1:2181`; IPv4-mapped IPv6
 * as IPv4 (Java does so); IPv6 uncompressed in brackets (JDK 14+): `/[0:0:0:0:0:0:0:1]:41446`.
 */
export declare function javaSocketAddress(address: string, port: number): string;
/** A Java long/int printed as an integer. */
export declare function int(n: number): string;
/** AvgMinMaxCounter.getAvg: rounded HALF_UP to 4 decimals. */
export declare function roundLatencyAvg(avg: number): number;
export declare function metricValue(v: string | number | bigint): string;
export declare function signed64(v: bigint): string;
export declare function cmpSigned(a: bigint, b: bigint): number;
