/** Start-up, run once by instrumentation.ts in the Node.js runtime. */
import { createServer } from 'node:http';
import { isConfigError, loadConfig, type Config } from './config';
import { log } from './log';
import { metrics } from './metrics';

export function checkConfiguration(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (isConfigError(error)) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

/** GET /metrics on 127.0.0.1:METRICS_PORT: loopback only, whatever headers say. Several instances on one host: give each its own port. */
export function startMetricsListener(config: Config): void {
  if (config.METRICS_PORT === 0) return;
  const server = createServer(async (request, response) => {
    if (request.method !== 'GET' || request.url !== '/metrics') {
      response.writeHead(404).end();
      return;
    }
    const { registry } = metrics();
    response.writeHead(200, { 'content-type': registry.contentType }).end(await registry.metrics());
  });
  server.on('error', (error) => log.warn('metrics.listener.failed', { port: config.METRICS_PORT, detail: error.message }));
  server.listen(config.METRICS_PORT, '127.0.0.1', () => log.info('metrics.listener', { address: `127.0.0.1:${config.METRICS_PORT}` }));
  server.unref();
}

/**
 * Opens the store at start-up: migrations run before the first request,
 * ADMIN_USER_IDS are bootstrapped, stored connection secrets must open with
 * SECRETS_KEY and the pseudonym key with SESSION_SECRET(_PREVIOUS) —
 * otherwise start-up stops, naming the variable (a new pseudonym key would
 * change every pseudonym the e-resources have stored). A
 * database that does not answer yet is not fatal: the instance starts,
 * /api/ready answers 503, and the store is opened on first use.
 */
export async function prepareStore(config: Config): Promise<void> {
  const { pseudonymKey, runtime, storeServices } = await import('./runtime');
  const { checkStoredSecrets } = await import('./connections');
  let store;
  try {
    ({ store } = await storeServices());
  } catch (error) {
    log.error('store.unavailable', { detail: (error as Error)?.message });
    return;
  }
  // Ended sessions are known before the first request, and kept up to date from now on.
  await runtime().sessions.catchingUp();
  try {
    await checkStoredSecrets(store, config.SECRETS_KEY);
    await pseudonymKey();
  } catch (error) {
    process.stderr.write(`The gateway cannot start: ${(error as Error).message}\n`);
    process.exit(1);
  }
}

/** The forward-auth listener (lib/forward-auth/listener.ts). Start-up fails when it cannot listen. */
export async function startForwardAuth(config: Config): Promise<void> {
  const { startForwardAuthListener } = await import('./forward-auth/listener');
  try {
    await startForwardAuthListener(config);
  } catch (error) {
    process.stderr.write(
      `The gateway cannot start: the forward-auth listener cannot listen on ${config.FORWARD_AUTH_HOST}:${config.FORWARD_AUTH_PORT} (${(error as Error).message}). ` +
        'Set FORWARD_AUTH_PORT to a free port, or 0 to turn the listener off.\n',
    );
    process.exit(1);
  }
}
