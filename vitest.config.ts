import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup/lazyModules.ts'],
    testTimeout: 60_000,
    pool: 'forks',
  },
});
