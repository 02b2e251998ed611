/** Start-up checks, run once by instrumentation.ts in the Node.js runtime. */
import { ConfigError, loadConfig } from './config';

export function checkConfiguration(): void {
  try {
    loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}
