/**
 * Paths on the client side: the connect string, the chroot, and validation.
 *
 * The chroot is purely a client concept (the server never sees it): every path going out is
 * prefixed, and every path coming back (create results, getEphemerals, watch events) is
 * stripped. Validation follows Java's PathUtils so that a path refused here would have been
 * refused by the Java client too, with the same message.
 */
import { InvalidPathError } from './errors.js';

export interface HostPort {
  host: string;
  port: number;
}

export interface ConnectString {
  hosts: HostPort[];
  /** e.g. "/app"; null when there is no chroot (or it is "/"). */
  chroot: string | null;
}

export const DEFAULT_PORT = 2181;

/** Parses "host:port,host:port/chroot" (ports default to 2181; IPv6 as "[::1]:2181"). */
export function parseConnectString(text: string): ConnectString {
  let hostsPart = text.trim();
  let chroot: string | null = null;
  const slash = hostsPart.indexOf('/');
  if (slash >= 0) {
    const c = hostsPart.slice(slash);
    hostsPart = hostsPart.slice(0, slash);
    if (c.length > 1) {
      validatePath(c);
      chroot = c;
    }
  }
  const hosts: HostPort[] = [];
  for (const raw of hostsPart.split(',')) {
    const item = raw.trim();
    if (item === '') continue;
    hosts.push(parseHostPort(item));
  }
  if (hosts.length === 0) throw new TypeError(`connect string has no host: "${text}"`);
  return { hosts, chroot };
}

function parseHostPort(item: string): HostPort {
  let host: string;
  let portText: string | undefined;
  if (item.startsWith('[')) {
    const close = item.indexOf(']');
    if (close < 0) throw new TypeError(`bad IPv6 address in connect string: "${item}"`);
    host = item.slice(1, close);
    const rest = item.slice(close + 1);
    if (rest.startsWith(':')) portText = rest.slice(1);
    else if (rest !== '') throw new TypeError(`bad host in connect string: "${item}"`);
  } else {
    const colon = item.lastIndexOf(':');
    if (colon >= 0) {
      host = item.slice(0, colon);
      portText = item.slice(colon + 1);
    } else {
      host = item;
    }
  }
  let port = DEFAULT_PORT;
  if (portText !== undefined) {
    port = Number(portText);
    if (!Number.isInteger(port) || port <= 0 || port > 65535) {
      throw new TypeError(`bad port in connect string: "${item}"`);
    }
  }
  if (host === '') throw new TypeError(`empty host in connect string: "${item}"`);
  return { host, port };
}

export function formatHostPort(h: HostPort): string {
  return h.host.includes(':') ? `[${h.host}]:${h.port}` : `${h.host}:${h.port}`;
}

/**
 * Java's PathUtils.validatePath, message for message. A sequential create may end in "/"
 * (the server appends the counter), so it is validated as `path + "1"` like Java does.
 */
export function validatePath(path: string, sequential = false): void {
  if (typeof path !== 'string') throw new InvalidPathError(String(path), 'Path cannot be null');
  const p = sequential ? path + '1' : path;
  if (p.length === 0) throw new InvalidPathError(path, 'Path length must be > 0');
  if (p[0] !== '/') throw new InvalidPathError(path, 'Path must start with / character');
  if (p.length === 1) return;
  if (p[p.length - 1] === '/') throw new InvalidPathError(path, 'Path must not end with / character');
  let reason: string | null = null;
  let last = '/';
  for (let i = 1; i < p.length; last = p[i]!, i++) {
    const ch = p[i];
    const c = p.charCodeAt(i);
    const atEnd = i + 1 === p.length || p[i + 1] === '/';
    if (c === 0) {
      reason = `null character not allowed @${i}`;
      break;
    } else if (ch === '/' && last === '/') {
      reason = `empty node name specified @${i}`;
      break;
    } else if (ch === '.' && last === '.') {
      if (p[i - 2] === '/' && atEnd) {
        reason = `relative paths not allowed @${i}`;
        break;
      }
    } else if (ch === '.') {
      if (p[i - 1] === '/' && atEnd) {
        reason = `relative paths not allowed @${i}`;
        break;
      }
    } else if (
      (c > 0 && c <= 0x1f) ||
      (c >= 0x7f && c <= 0x9f) ||
      (c >= 0xd800 && c <= 0xf8ff) ||
      (c >= 0xfff0 && c <= 0xffff)
    ) {
      reason = `invalid character @${i}`;
      break;
    }
  }
  if (reason !== null) {
    throw new InvalidPathError(path, `Invalid path string "${p}" caused by ${reason}`);
  }
}

/** Adds and removes the chroot. A null chroot makes both directions the identity. */
export class Chroot {
  constructor(readonly root: string | null) {}

  /** Client path → server path. */
  toServer(path: string): string {
    if (this.root === null) return path;
    return path === '/' ? this.root : this.root + path;
  }

  /**
   * Server path → client path. A path outside the chroot (possible only for paths the
   * server reports about nodes we never asked for) is returned unchanged, as Java does.
   */
  toClient(path: string): string {
    if (this.root === null) return path;
    if (path === this.root) return '/';
    if (path.startsWith(this.root + '/')) return path.slice(this.root.length);
    return path;
  }
}

/** "/a/b" → "/a"; "/a" → "/". */
export function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

/** "/a" + "b" → "/a/b"; "/" + "b" → "/b". */
export function joinPath(parent: string, child: string): string {
  return parent === '/' ? `/${child}` : `${parent}/${child}`;
}
