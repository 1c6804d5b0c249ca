import { defineConfig } from 'vitest/config';

// One runner for unit, integration, keychain and end-to-end tests.
// End-to-end tests start real servers and Chromium, so they get longer timeouts per file.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
  },
});
