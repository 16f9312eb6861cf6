import { defineConfig } from 'vitest/config';

/**
 * End-to-end tests (`npm run test:e2e`): Node drives Debian's Chromium through playwright-core
 * against built artefacts (storybook-static/, dist/widgets/) and the real server. One file at a
 * time: every file starts its own browser, and this machine has two cores.
 */
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    environment: 'node',
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
