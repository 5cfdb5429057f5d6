/**
 * The clients that generate load. Both servers are driven by the same client in a comparison,
 * so the choice does not favour either; what matters is that the client is not the bottleneck.
 *   zk-ts                  this project's client library (src/client)
 *   node-zookeeper-client  a third-party client from npm (a devDependency: present in a
 *                          checkout after `npm ci`, loaded only when asked for)
 * A session talks to exactly one server (no host list), so that the bench decides where load
 * goes.
 */
import { createRequire } from 'node:module';
import { createClient, type ClientSecurityOptions } from '../../client/index.js';

export type DriverName = 'zk-ts' | 'node-zookeeper-client';
export const DRIVERS: readonly DriverName[] = ['zk-ts', 'node-zookeeper-client'];

/** One connected session; every call resolves on success and rejects on any error. */
export interface BenchSession {
  create(path: string, data: Buffer): Promise<void>;
  set(path: string, data: Buffer): Promise<void>;
  get(path: string): Promise<void>;
  exists(path: string): Promise<void>;
  close(): Promise<void>;
}

export interface ConnectOptions {
  sessionTimeoutMs?: number;
  connectTimeoutMs?: number;
  /** TLS and SASL settings (zk-ts driver only). */
  security?: ClientSecurityOptions | undefined;
}

export type Driver = (hostPort: string, opts?: ConnectOptions) => Promise<BenchSession>;

export function driver(name: DriverName): Driver {
  return name === 'zk-ts' ? zkTsSession : nzcSession;
}

async function zkTsSession(hostPort: string, opts: ConnectOptions = {}): Promise<BenchSession> {
  const timeout = opts.sessionTimeoutMs ?? 30_000;
  const c = createClient(hostPort, { sessionTimeout: timeout, connectTimeout: opts.connectTimeoutMs ?? 5000, shuffleHosts: false, ...opts.security });
  try {
    await c.connected(opts.connectTimeoutMs ?? 10_000);
  } catch (e) {
    await c.close().catch(() => {});
    throw e;
  }
  return {
    create: async (path, data) => void (await c.create(path, data)),
    set: async (path, data) => void (await c.setData(path, data)),
    get: async (path) => void (await c.getData(path)),
    exists: async (path) => void (await c.exists(path)),
    close: () => c.close(),
  };
}

/** The part of node-zookeeper-client's API the bench uses. */
interface Nzc {
  createClient(connectString: string, options: Record<string, unknown>): NzcClient;
  ACL: { OPEN_ACL_UNSAFE: unknown };
  CreateMode: { PERSISTENT: number };
}
type Callback = (err: Error | null, ...rest: unknown[]) => void;
interface NzcClient {
  connect(): void;
  close(): void;
  once(event: string, f: () => void): void;
  create(path: string, data: Buffer, acls: unknown, mode: number, cb: Callback): void;
  setData(path: string, data: Buffer, version: number, cb: Callback): void;
  getData(path: string, cb: Callback): void;
  exists(path: string, cb: Callback): void;
}

let nzc: Nzc | null = null;
const require = createRequire(import.meta.url);

function loadNzc(): Nzc {
  if (nzc) return nzc;
  try {
    nzc = require('node-zookeeper-client') as Nzc;
  } catch {
    throw new Error("the node-zookeeper-client driver needs the npm package node-zookeeper-client (a devDependency: run 'npm ci' in the checkout)");
  }
  return nzc;
}

async function nzcSession(hostPort: string, opts: ConnectOptions = {}): Promise<BenchSession> {
  const z = loadNzc();
  const c = z.createClient(hostPort, { sessionTimeout: opts.sessionTimeoutMs ?? 30_000, spinDelay: 100, retries: 0 });
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => {
      c.close();
      reject(new Error(`node-zookeeper-client: not connected to ${hostPort} within ${opts.connectTimeoutMs ?? 10_000} ms`));
    }, opts.connectTimeoutMs ?? 10_000);
    c.once('connected', () => {
      clearTimeout(t);
      resolve();
    });
    c.connect();
  });
  const call = (f: (cb: Callback) => void) => new Promise<void>((resolve, reject) => f((err) => (err ? reject(err) : resolve())));
  return {
    create: (path, data) => call((cb) => c.create(path, data, z.ACL.OPEN_ACL_UNSAFE, z.CreateMode.PERSISTENT, cb)),
    set: (path, data) => call((cb) => c.setData(path, data, -1, cb)),
    get: (path) => call((cb) => c.getData(path, cb)),
    exists: (path) => call((cb) => c.exists(path, cb)),
    close: async () => {
      await new Promise<void>((resolve) => {
        c.once('disconnected', () => resolve());
        c.close();
        setTimeout(resolve, 2000).unref();
      });
    },
  };
}
