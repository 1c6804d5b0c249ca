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
    // expect.poll waits for what a user would wait for (a screen updating after a call). The 1 s
    // default is shorter than a busy 2-core CI machine needs when two test files run at once.
    expect: { poll: { timeout: 10_000 } },
  },
});
