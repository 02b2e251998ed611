/** What the upstream simulators share: starting and stopping their HTTP server, comparing secrets, JSON error answers. */
import { timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:net';

/**
 * Listens on `host:port` (0: any free port) and answers the server's base URL.
 * @param {import('node:http').Server} server @param {number} port @param {string} host
 * @returns {Promise<{ url: string, port: number }>}
 */
export async function listen(server, port, host) {
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(undefined);
    });
  });
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  const urlHost = address.address.includes(':') ? `[${address.address}]` : address.address;
  return { url: `http://${urlHost}:${address.port}`, port: address.port };
}

/**
 * Stops the server, breaking open keep-alive connections so that it closes at once.
 * @param {import('node:http').Server} server @returns {Promise<void>}
 */
export function closeServer(server) {
  return new Promise((resolve, reject) => {
    server.close((err) => (err ? reject(err) : resolve()));
    server.closeAllConnections();
  });
}

/**
 * A loopback port that nothing listens on (it was free a moment ago): an
 * upstream that refuses the connection.
 * @returns {Promise<number>}
 */
export async function closedPort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  await new Promise((resolve) => server.close(() => resolve(undefined)));
  return port;
}

/** Compares a secret in constant time. @param {string | null | undefined} a @param {string} b */
export function safeEqual(a, b) {
  const x = Buffer.from(a ?? ''), y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** An answer with a JSON body, thrown by a handler. */
export class HttpError extends Error {
  /** @param {number} status @param {Record<string, unknown>} body */
  constructor(status, body) {
    super(String(body.error_description ?? body.message ?? status));
    this.status = status;
    this.body = body;
  }
}
