/**
 * ZooKeeper's quotas as znodes (docs/quotas.md), the part server and shell share. A quota on
 * `/a/b` is two nodes:
 *   /zookeeper/quota/a/b/zookeeper_limits   the limits, written by the shell (setquota)
 *   /zookeeper/quota/a/b/zookeeper_stats    the usage, kept up to date by the server
 * Both hold StatsTrack text: "count=N,bytes=M", and since 3.7, when hard limits are present,
 * "count=N,bytes=M=;byteHardLimit=X;countHardLimit=Y" (the stray '=' keeps pre-3.7 parsers
 * reading just count and bytes). -1 means "no limit". `count` counts the quota root and every
 * node below it, `bytes` their data lengths.
 */

export const QUOTA_ROOT = '/zookeeper/quota';
export const LIMIT_NODE = 'zookeeper_limits';
export const STAT_NODE = 'zookeeper_stats';

export function limitPath(path: string): string {
  return `${QUOTA_ROOT}${path}/${LIMIT_NODE}`;
}

export function statPath(path: string): string {
  return `${QUOTA_ROOT}${path}/${STAT_NODE}`;
}

/** Java's StatsTrack: an ordered key → number map with ZooKeeper's text form. */
export class StatsTrack {
  private readonly stats = new Map<string, number>();

  constructor(text: string | Uint8Array | null = '') {
    const s = text === null ? '' : typeof text === 'string' ? text : Buffer.from(text).toString('utf8');
    if (s === '') return;
    for (const pair of s.split(/[,;]+/)) {
      // Java's split("=") drops trailing empty strings: "bytes=5=" is ["bytes", "5"].
      const kv = pair.split('=');
      while (kv.length > 1 && kv[kv.length - 1] === '') kv.pop();
      if (kv.length < 2 || kv[0] === '') {
        if (kv.length === 1 && pair.endsWith('=')) this.stats.set(kv[0]!, -1);
        continue;
      }
      const n = Number(kv[1]);
      if (Number.isInteger(n)) this.stats.set(kv[0]!, n);
    }
  }

  get count(): number {
    return this.stats.get('count') ?? -1;
  }
  set count(v: number) {
    this.stats.set('count', v);
  }
  get bytes(): number {
    return this.stats.get('bytes') ?? -1;
  }
  set bytes(v: number) {
    this.stats.set('bytes', v);
  }
  get countHardLimit(): number {
    return this.stats.get('countHardLimit') ?? -1;
  }
  set countHardLimit(v: number) {
    this.stats.set('countHardLimit', v);
  }
  get byteHardLimit(): number {
    return this.stats.get('byteHardLimit') ?? -1;
  }
  set byteHardLimit(v: number) {
    this.stats.set('byteHardLimit', v);
  }

  /** StatsTrack.toString(). */
  toString(): string {
    let out = `count=${this.count},bytes=${this.bytes}`;
    const extra = [...this.stats.keys()].filter((k) => k !== 'count' && k !== 'bytes').sort();
    if (extra.length > 0) out += '=' + extra.map((k) => `;${k}=${this.stats.get(k)}`).join('');
    return out;
  }

  toBytes(): Uint8Array {
    return Buffer.from(this.toString(), 'utf8');
  }
}
