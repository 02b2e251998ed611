/** Runs once when the server starts: a wrong configuration stops start-up with a message naming the variable. */
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { checkConfiguration } = await import('./lib/startup');
    checkConfiguration();
  }
}
