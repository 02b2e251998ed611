import { createServer, type Server as NetServer } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { closedPort } from '../simulators/http.mjs';
import { launch, type Server } from './launch';


/** A shell command: a Node HTTP server on `port` after `delayMs`, which first checks that `needs` answers (exit 9 if not). */
function httpServer(port: number, { delayMs = 0, needs }: { delayMs?: number; needs?: number } = {}) {
  const check = needs ? `await fetch('http://127.0.0.1:${needs}/').catch(() => process.exit(9));` : '';
  const script = `${check} setTimeout(() => require('node:http').createServer((q, s) => s.end('ok')).listen(${port}, '127.0.0.1'), ${delayMs});`;
  return `node -e "(async () => { ${script.replace(/"/g, '\\"')} })()"`;
}

async function answers(port: number) {
  try {
    await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(1000) });
    return true;
  } catch {
    return false;
  }
}

const stops: (() => Promise<void>)[] = [];
const blockers: NetServer[] = [];
afterEach(async () => {
  await Promise.all(stops.splice(0).map((stop) => stop()));
  await Promise.all(blockers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

describe('launch', () => {
  test('starts a server once the one it needs is ready, and the stop leaves nothing listening', async () => {
    const [first, second] = [await closedPort(), await closedPort()];
    const servers: Server[] = [
      // Needs the slow one: started before it answers, it would exit 9 and fail the launch.
      { name: 'second', command: httpServer(second, { needs: first }), url: `http://127.0.0.1:${second}/`, needs: ['first'], output: 'ignore' },
      { name: 'first', command: httpServer(first, { delayMs: 500 }), port: first, output: 'ignore' },
    ];
    const stop = await launch(servers);
    expect([await answers(first), await answers(second)]).toEqual([true, true]);
    await stop();
    // The stop ends the whole process group: `sh` and the node server it started.
    expect([await answers(first), await answers(second)]).toEqual([false, false]);
  });

  test('a server that exits before it is ready fails the launch with its last lines, and stops the others', async () => {
    const other = await closedPort();
    const launched = launch([
      { name: 'other', command: httpServer(other), port: other, output: 'ignore' },
      { name: 'broken', command: 'echo "no such database" >&2; exit 3', port: await closedPort(), needs: ['other'], output: 'ignore' },
    ]);
    await expect(launched).rejects.toThrow(/broken exited with code 3 before it was ready\. Its last lines:\nno such database/);
    expect(await answers(other)).toBe(false);
  });

  test('refuses to start where something already answers, rather than test against it', async () => {
    const port = await closedPort();
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    blockers.push(blocker);
    await expect(launch([{ name: 'late', command: httpServer(port), port, output: 'ignore' }])).rejects.toThrow(`Port ${port} already answers before late started`);
  });

  test('refuses needs that are unknown or circular before starting anything', async () => {
    await expect(launch([{ name: 'a', command: 'true', port: 1, needs: ['b'] }])).rejects.toThrow('a needs "b", which is not a server of this launch.');
    await expect(
      launch([
        { name: 'a', command: 'true', port: 1, needs: ['b'] },
        { name: 'b', command: 'true', port: 1, needs: ['a'] },
      ]),
    ).rejects.toThrow('The servers need each other in a circle: a → b → a.');
  });
});
