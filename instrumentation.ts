/**
 * Runs once when the server starts: a wrong configuration stops start-up with
 * a message naming the variable; then the store is opened and migrated.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { checkConfiguration, prepareStore, startForwardAuth, startMetricsListener } = await import('./lib/startup');
    const config = checkConfiguration();
    // `next build` loads this file too: listeners start only in a server.
    if (process.env.NEXT_PHASE === 'phase-production-build') return;
    startMetricsListener(config);
    await prepareStore(config);
    await startForwardAuth(config);
  }
}
