/**
 * A TCP proxy the tests control, to make a server look dead, silent or unreachable to one
 * client without touching the server (and so without disturbing other clients).
 */
import { createServer, connect } from 'node:net';
export class TcpProxy {
    server;
    port;
    pairs = new Set();
    refusing = false;
    silent = false;
    dropReplies = false;
    constructor(server, port) {
        this.server = server;
        this.port = port;
    }
    static async start(targetHost, targetPort) {
        let proxy;
        const server = createServer((client) => proxy.accept(client, targetHost, targetPort));
        await new Promise((resolve, reject) => {
            server.once('error', reject);
            server.listen(0, '127.0.0.1', () => resolve());
        });
        const addr = server.address();
        if (addr === null || typeof addr === 'string')
            throw new Error('no proxy address');
        proxy = new TcpProxy(server, addr.port);
        return proxy;
    }
    get connectString() {
        return `127.0.0.1:${this.port}`;
    }
    get connections() {
        return this.pairs.size;
    }
    accept(client, host, port) {
        if (this.refusing) {
            client.destroy();
            return;
        }
        const upstream = connect({ host, port });
        const pair = [client, upstream];
        this.pairs.add(pair);
        const end = () => {
            this.pairs.delete(pair);
            client.destroy();
            upstream.destroy();
        };
        client.on('data', (d) => {
            if (!this.silent)
                upstream.write(d);
        });
        upstream.on('data', (d) => {
            if (!this.silent && !this.dropReplies)
                client.write(d);
        });
        client.on('close', end);
        upstream.on('close', end);
        client.on('error', end);
        upstream.on('error', end);
    }
    /** Drop every byte in both directions, keeping the connections open (a hung server). */
    setSilent(on) {
        this.silent = on;
    }
    /** Pass requests to the server but drop its replies (a reply lost on the way back). */
    setDropReplies(on) {
        this.dropReplies = on;
    }
    /** Close new connections at once (an unreachable server). */
    setRefusing(on) {
        this.refusing = on;
    }
    /** Close every current connection. */
    dropAll() {
        for (const [a, b] of [...this.pairs]) {
            a.destroy();
            b.destroy();
        }
        this.pairs.clear();
    }
    async close() {
        this.refusing = true;
        this.dropAll();
        await new Promise((resolve) => this.server.close(() => resolve()));
    }
}
//# sourceMappingURL=proxy.js.map