import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // dist/ first: the tests that spawn the CLI run the compiled entry point (build-dist.ts).
    globalSetup: ['src/testing/build-dist.ts', 'src/testing/global-setup.ts'],
    // Every test must assert something (src/testing/setup.ts).
    setupFiles: ['src/testing/setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Two cores: more workers than that only contend.
    maxWorkers: 2,
  },
});
