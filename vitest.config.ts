import { defineConfig } from 'vitest/config';

/**
 * Two projects, one command (`npm test` runs both):
 * - unit: in process, against the emulator on loopback or plain data; no build needed
 *   (`npm run test:unit`, a fast loop while developing);
 * - e2e: the built program as a child process, as a user or an agent host runs it
 *   (`npm run test:e2e`, after `npm run build`).
 */
export default defineConfig({
  test: {
    setupFiles: ['test/support/block-network.mjs'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: ['test/e2e/**'] },
      },
      {
        extends: true,
        test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'] },
      },
    ],
  },
});
