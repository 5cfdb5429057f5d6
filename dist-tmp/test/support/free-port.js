/** A TCP port that was free a moment ago on 127.0.0.1 (listen on port 0, read it, close). */
import { createServer } from 'node:net';
export function freePort() {
    return new Promise((resolve, reject) => {
        const srv = createServer();
        srv.unref();
        srv.once('error', reject);
        srv.listen(0, '127.0.0.1', () => {
            const addr = srv.address();
            if (addr === null || typeof addr === 'string') {
                srv.close();
                reject(new Error('no port'));
                return;
            }
            const port = addr.port;
            srv.close(() => resolve(port));
        });
    });
}
//# sourceMappingURL=free-port.js.map