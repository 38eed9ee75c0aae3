import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // CLI tests spawn the built binary; a pinned zone keeps "system zone" defaults repeatable.
    env: { TZ: 'UTC', NO_COLOR: '1' },
    testTimeout: 30_000,
  },
});
