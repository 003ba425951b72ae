import { defineConfig } from 'vitest/config';

/**
 * `npm run test:claude`: the guard inside Claude Code itself (test/e2e-claude). Kept out of `npm
 * test` because it needs the Claude Code binary (`CLAUDE_BIN`); it runs offline against a fake
 * Messages API on loopback.
 */
export default defineConfig({
  test: {
    include: ['test/e2e-claude/**/*.e2e.ts'],
    testTimeout: 180_000,
    pool: 'forks',
  },
});
