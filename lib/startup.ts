/** Start-up, run once by instrumentation.ts in the Node.js runtime. */
import { createServer } from 'node:http';
import { ConfigError, loadConfig, type Config } from './config';
import { log } from './log';
import { metrics } from './metrics';

export function checkConfiguration(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
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
  const { pseudonymKey, services } = await import('./runtime');
  const { checkStoredSecrets } = await import('./connections');
  let store;
  try {
    ({ store } = await services());
  } catch (error) {
    log.error('store.unavailable', { detail: (error as Error)?.message });
    return;
  }
  try {
    await checkStoredSecrets(store, config.SECRETS_KEY);
    await pseudonymKey();
  } catch (error) {
    process.stderr.write(`The gateway cannot start: ${(error as Error).message}\n`);
    process.exit(1);
  }
}
