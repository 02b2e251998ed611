import { defineConfig } from 'vitest/config';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  resolve: { alias: { '@': fileURLToPath(new URL('.', import.meta.url)) } },
  test: {
    include: ['lib/**/*.test.ts', 'app/**/*.test.ts', 'e2e/**/*.test.ts', 'scripts/**/*.test.{ts,mjs}', 'simulators/**/*.test.mjs'],
    environment: 'node',
    // `npm test` asks for a JSON report too (TEST_REPORT_DIR), to print the slowest tests at the end.
    reporters: process.env.TEST_REPORT_DIR ? ['default', ['json', { outputFile: `${process.env.TEST_REPORT_DIR}/unit.json` }]] : ['default'],
    // One worker more than the cores: the tests mostly wait on PostgreSQL and local servers
    // (on 2 cores: 3 workers, 55 s, against 97 s with vitest's default of cores − 1).
    maxWorkers: availableParallelism() + 1,
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
