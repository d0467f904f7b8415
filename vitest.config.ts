import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    reporters: ['default', './test/summary-reporter.ts'],
    // The local tiers share one DynamoDB Local (each file has its own table) and run real servers:
    // two workers fit the two-core machines.
    maxWorkers: 2,
    // A season with faults is a whole simulated year on DynamoDB Local: on a busy machine it can take
    // minutes, and a test cut off by its timeout leaves its cloud running into the next one.
    testTimeout: 180_000,
    hookTimeout: 120_000,
    // The tests call the handlers in-process: their metrics (EMF on stdout) would flood the output.
    env: { POWERTOOLS_LOG_LEVEL: 'WARN', POWERTOOLS_METRICS_DISABLED: 'true' },
  },
});
