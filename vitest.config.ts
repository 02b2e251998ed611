import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  resolve: { alias: { '@': fileURLToPath(new URL('.', import.meta.url)) } },
  test: {
    include: ['lib/**/*.test.ts', 'app/**/*.test.ts', 'scripts/**/*.test.{ts,mjs}', 'e2e/simulators/**/*.test.mjs'],
    environment: 'node',
    // `npm test` asks for a JSON report too (TEST_REPORT_DIR), to print the slowest tests at the end.
    reporters: process.env.TEST_REPORT_DIR ? ['default', ['json', { outputFile: `${process.env.TEST_REPORT_DIR}/unit.json` }]] : ['default'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
