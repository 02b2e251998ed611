/**
 * Runs once when the server starts: a wrong configuration stops start-up with
 * a message naming the variable; then the store is opened and migrated.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { checkConfiguration, prepareStore, startMetricsListener } = await import('./lib/startup');
    const config = checkConfiguration();
    startMetricsListener(config);
    await prepareStore(config);
  }
}
