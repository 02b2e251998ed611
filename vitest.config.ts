import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  resolve: { alias: { '@': fileURLToPath(new URL('.', import.meta.url)) } },
  test: {
    include: ['lib/**/*.test.ts', 'app/**/*.test.ts', 'scripts/**/*.test.{ts,mjs}', 'e2e/simulators/**/*.test.mjs'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
