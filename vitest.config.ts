import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/server/**/*.test.ts'],
    globalSetup: ['test/server/support/global-setup.ts'],
    // PGlite needs ~3 s and ~800 MB per cold instance: run files one or two at a time on this 2-core machine.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
