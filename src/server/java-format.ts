/**
 * How Java prints things, for output that must match ZooKeeper's byte for byte: Double.toString,
 * Date.toString, InetSocketAddress.toString, and longs printed signed.
 */

/** Java's Double.toString (shortest digits; plain for 1e-3 <= |d| < 1e7, else d.dddE±n). */
export function javaDouble(d: number): string {
  if (Number.isNaN(d)) return 'NaN';
  if (d === Infinity) return 'Infinity';
  if (d === -Infinity) return '-Infinity';
  if (d === 0) return Object.is(d, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(d);
  if (abs >= 1e-3 && abs < 1e7) {
    const s = String(d);
    return s.includes('.') ? s : s + '.0';
  }
  const [mant = '', exp] = d.toExponential().split('e');
  return `${mant.includes('.') ? mant : mant + '.0'}E${Number(exp)}`;
}

/** Java's Date.toString in UTC: `Thu Jan 01 00:00:00 UTC 1970`. */
export function javaDate(ms: number): string {
  const d = new Date(ms);
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p2 = (n: number): string => String(n).padStart(2, '0');
  return `${days[d.getUTCDay()]} ${months[d.getUTCMonth()]} ${p2(d.getUTCDate())} ` +
    `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}

/**
 * Java's InetSocketAddress.toString for an accepted socket: `/127.0.0.1:2181`; IPv4-mapped IPv6
 * as IPv4 (Java does so); IPv6 uncompressed in brackets (JDK 14+): `/[0:0:0:0:0:0:0:1]:41446`.
 */
export function javaSocketAddress(address: string, port: number): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return `/${mapped[1]}:${port}`;
  if (!address.includes(':')) return `/${address}:${port}`;
  return `/[${expandIPv6(address)}]:${port}`;
}

function expandIPv6(address: string): string {
  const pct = address.indexOf('%');
  const scope = pct >= 0 ? address.slice(pct) : '';
  let a = pct >= 0 ? address.slice(0, pct) : address;
  // Trailing dotted IPv4 → two hex groups.
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(a);
  if (v4) {
    const [b0 = 0, b1 = 0, b2 = 0, b3 = 0] = v4.slice(1).map(Number);
    a = a.slice(0, v4.index) + ((b0 << 8) | b1).toString(16) + ':' + ((b2 << 8) | b3).toString(16);
  }
  const [head, tail] = a.includes('::') ? a.split('::') : [a, undefined];
  const h = head ? head.split(':') : [];
  const t = tail === undefined ? [] : tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array<string>(Math.max(0, 8 - h.length - t.length)).fill('0'), ...t];
  return groups.map((g) => parseInt(g || '0', 16).toString(16)).join(':') + scope;
}

/** A Java long/int printed as an integer. */
export function int(n: number): string {
  return Number.isFinite(n) ? String(Math.trunc(n)) : '0';
}

/** AvgMinMaxCounter.getAvg: rounded HALF_UP to 4 decimals. */
export function roundLatencyAvg(avg: number): number {
  return Math.round(avg * 10000) / 10000;
}

export function metricValue(v: string | number | bigint): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'bigint') return v.toString();
  return Number.isInteger(v) ? String(v) : javaDouble(v);
}

export function signed64(v: bigint): string {
  return BigInt.asIntN(64, v).toString();
}

export function cmpSigned(a: bigint, b: bigint): number {
  const x = BigInt.asIntN(64, a);
  const y = BigInt.asIntN(64, b);
  return x < y ? -1 : x > y ? 1 : 0;
}
