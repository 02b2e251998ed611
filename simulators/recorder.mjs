/**
 * A stranger host: records every request it receives (method, path, headers,
 * body) and answers 404. Tests point a setting at it to show that nothing —
 * no request, no secret — leaves for a host nobody vouched for.
 */
import { createServer } from 'node:http';
import { closeServer, listen } from './http.mjs';

/**
 * @typedef {{ method: string, url: string, headers: import('node:http').IncomingHttpHeaders, body: string }} RecordedRequest
 * @returns {Promise<{ url: string, requests: RecordedRequest[], close(): Promise<void> }>}
 */
export async function startRecorder() {
  /** @type {RecordedRequest[]} */
  const requests = [];
  const server = createServer((request, response) => {
    const chunks = /** @type {Buffer[]} */ ([]);
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      requests.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not here');
    });
  });
  const { url } = await listen(server, 0, '127.0.0.1');
  return { url, requests, close: () => closeServer(server) };
}
