/**
 * Starts the journeys' servers, each as soon as the servers it `needs` are
 * ready, and stops them all at the end (e2e/servers.ts lists them).
 *
 * Playwright's own `webServer` does the same for a list, but one server after
 * another: every world holds thirteen, most of which need nothing of each other,
 * and in a row their starts were half a minute of every run. This keeps its
 * contract — a server is ready when its `url` answers below 404 or its `port`
 * accepts a connection; one already answering there is refused, not reused;
 * one that exits or is not ready within `timeout` fails the run with its last
 * lines of output — and adds only the order.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { connect } from 'node:net';

export interface Server {
  /** Unique within a launch: what `needs` names and what its output lines are prefixed with. */
  name: string;
  /** A shell command; it runs in a process group of its own, which the stop ends whole. */
  command: string;
  /** Ready when a GET of it answers with a status below 404… */
  url?: string;
  /** …or when this port on 127.0.0.1 accepts a connection. */
  port?: number;
  env?: Record<string, string>;
  /** The servers that must be ready before this one starts (by name). */
  needs?: string[];
  /** Milliseconds from its start to ready (default 60 s). */
  timeout?: number;
  /** Where its output goes besides the failure message: a file (both streams), the runner's stderr (both, or only its stderr), or nowhere. */
  output?: { file: string } | 'print' | 'errors' | 'ignore';
  /** How it is asked to stop (default SIGTERM), and how long it is given before SIGKILL (default 5 s). */
  stop?: { signal: NodeJS.Signals; timeout: number };
}

interface Running {
  server: Server;
  child: ChildProcess;
  exited: Promise<number | null>;
  /** The last lines it wrote, for the message when it fails to start. */
  tail: string[];
  file?: WriteStream;
}

const TAIL = 30;

/** Whether something already answers where `server` would. */
async function answering(server: Server): Promise<boolean> {
  if (server.url) {
    try {
      const response = await fetch(server.url, { signal: AbortSignal.timeout(2_000), redirect: 'manual' });
      await response.body?.cancel();
      return response.status < 404;
    } catch {
      return false;
    }
  }
  if (server.port === undefined) throw new Error(`The server "${server.name}" has neither a url nor a port to be ready at.`);
  const port = server.port;
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals) {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

/** Asks the server's whole process group to stop, then ends what is left of it. */
async function stopOne({ server, child, file }: Running) {
  const pid = child.pid;
  if (pid !== undefined && groupAlive(pid)) {
    const { signal, timeout } = server.stop ?? { signal: 'SIGTERM', timeout: 5_000 };
    signalGroup(pid, signal);
    const deadline = Date.now() + timeout;
    while (groupAlive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    signalGroup(pid, 'SIGKILL');
  }
  await new Promise<void>((resolve) => (file ? file.end(resolve) : resolve()));
}

function startOne(server: Server): Running {
  const output = server.output ?? 'print';
  const child = spawn('sh', ['-c', server.command], {
    env: { ...process.env, ...server.env },
    // Piped even when ignored: its last lines say why, when it fails to start.
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const running: Running = {
    server,
    child,
    // 'close': the process has exited and its last lines have been read.
    exited: new Promise((resolve) => child.once('close', (code) => resolve(code))),
    tail: [],
    file: typeof output === 'object' ? createWriteStream(output.file, { flags: 'a' }) : undefined,
  };
  for (const stream of [child.stdout, child.stderr]) {
    const print = output === 'print' || (output === 'errors' && stream === child.stderr);
    let partial = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      running.file?.write(chunk);
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        running.tail.push(line);
        if (print) process.stderr.write(`[${server.name}] ${line}\n`);
      }
      running.tail.splice(0, Math.max(0, running.tail.length - TAIL));
    });
  }
  return running;
}

/** Set once a start has failed: the others stop waiting. */
interface Abort {
  failed?: string;
}

async function untilReady(running: Running, abort: Abort) {
  const { server } = running;
  const timeout = server.timeout ?? 60_000;
  const deadline = Date.now() + timeout;
  let exitCode: number | null | undefined;
  void running.exited.then((code) => (exitCode = code));
  for (let wait = 100; ; wait = Math.min(wait * 2, 500)) {
    if (await answering(server)) return;
    if (abort.failed) throw new Error(`${server.name}: not waited for, as ${abort.failed} failed to start.`);
    if (exitCode !== undefined) throw new Error(`${server.name} exited with code ${exitCode} before it was ready. Its last lines:\n${running.tail.join('\n')}`);
    if (Date.now() > deadline) throw new Error(`${server.name} was not ready at ${server.url ?? `port ${server.port}`} within ${timeout / 1000} s. Its last lines:\n${running.tail.join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

/**
 * Starts every server, each once those it needs are ready; resolves with the
 * function that stops them all. If one fails, those started are stopped and
 * the error names it.
 */
export async function launch(servers: Server[]): Promise<() => Promise<void>> {
  const byName = new Map(servers.map((server) => [server.name, server]));
  if (byName.size < servers.length) throw new Error('Two servers of this launch have the same name.');
  // Every need is a server of the launch, and none needs itself through others (that would wait forever).
  const visit = (server: Server, path: string[]) => {
    if (path.includes(server.name)) throw new Error(`The servers need each other in a circle: ${[...path, server.name].join(' → ')}.`);
    for (const need of server.needs ?? []) {
      const needed = byName.get(need);
      if (!needed) throw new Error(`${server.name} needs "${need}", which is not a server of this launch.`);
      visit(needed, [...path, server.name]);
    }
  };
  for (const server of servers) visit(server, []);
  const started: Running[] = [];
  const stopAll = async () => {
    await Promise.all(started.splice(0).map(stopOne));
  };
  // Whatever ends the runner ends the servers too.
  const onExit = () => started.forEach(({ child }) => child.pid !== undefined && signalGroup(child.pid, 'SIGKILL'));
  process.once('exit', onExit);

  const abort: Abort = {};
  const ready = new Map<string, Promise<void>>();
  const readyOf = (server: Server): Promise<void> => {
    let promise = ready.get(server.name);
    if (!promise) {
      promise = (async () => {
        await Promise.all((server.needs ?? []).map((need) => readyOf(byName.get(need)!)));
        if (abort.failed) throw new Error(`${server.name}: not started, as ${abort.failed} failed to start.`);
        if (await answering(server)) {
          throw new Error(`${server.url ?? `Port ${server.port}`} already answers before ${server.name} started: a server of an earlier run? Stop it, and run again.`);
        }
        const running = startOne(server);
        started.push(running);
        await untilReady(running, abort);
      })().catch((error: unknown) => {
        abort.failed ??= server.name;
        throw error;
      });
      ready.set(server.name, promise);
    }
    return promise;
  };
  try {
    await Promise.all(servers.map(readyOf));
  } catch (error) {
    // Let every start in flight settle, so that nothing is left running.
    await Promise.allSettled(servers.map(readyOf));
    await stopAll();
    process.off('exit', onExit);
    throw error;
  }
  return async () => {
    await stopAll();
    process.off('exit', onExit);
  };
}
