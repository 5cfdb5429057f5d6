/**
 * A TCP proxy the tests control, to make a server look dead, silent or unreachable to one
 * client without touching the server (and so without disturbing other clients).
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

export class TcpProxy {
  private readonly pairs = new Set<[Socket, Socket]>();
  private refusing = false;
  private silent = false;
  private dropReplies = false;

  private constructor(private readonly server: Server, readonly port: number) {}

  static async start(targetHost: string, targetPort: number): Promise<TcpProxy> {
    let proxy!: TcpProxy;
    const server = createServer((client) => proxy.accept(client, targetHost, targetPort));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const addr = server.address();
    if (addr === null || typeof addr === 'string') throw new Error('no proxy address');
    proxy = new TcpProxy(server, addr.port);
    return proxy;
  }

  get connectString(): string {
    return `127.0.0.1:${this.port}`;
  }

  get connections(): number {
    return this.pairs.size;
  }

  private accept(client: Socket, host: string, port: number): void {
    if (this.refusing) {
      client.destroy();
      return;
    }
    const upstream = connect({ host, port });
    const pair: [Socket, Socket] = [client, upstream];
    this.pairs.add(pair);
    const end = () => {
      this.pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('data', (d) => {
      if (!this.silent) upstream.write(d);
    });
    upstream.on('data', (d) => {
      if (!this.silent && !this.dropReplies) client.write(d);
    });
    client.on('close', end);
    upstream.on('close', end);
    client.on('error', end);
    upstream.on('error', end);
  }

  /** Drop every byte in both directions, keeping the connections open (a hung server). */
  setSilent(on: boolean): void {
    this.silent = on;
  }

  /** Pass requests to the server but drop its replies (a reply lost on the way back). */
  setDropReplies(on: boolean): void {
    this.dropReplies = on;
  }

  /** Close new connections at once (an unreachable server). */
  setRefusing(on: boolean): void {
    this.refusing = on;
  }

  /** Close every current connection. */
  dropAll(): void {
    for (const [a, b] of [...this.pairs]) {
      a.destroy();
      b.destroy();
    }
    this.pairs.clear();
  }

  async close(): Promise<void> {
    this.refusing = true;
    this.dropAll();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
