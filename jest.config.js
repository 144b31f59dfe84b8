/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    // Type checking runs once in `npm run typecheck`; tests only transpile.
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json' }],
  },
  setupFiles: ['<rootDir>/test/support/setup-env.ts'],
  // Where a Docker engine answers and no NUMLINK_TEST_* URL is given, testcontainers brings up
  // PostgreSQL, Kafka and EventStoreDB; without Docker it prints why it does nothing.
  // The run's scratch directory for test files too (test/support/scratch.ts), removed at the end.
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 60000,
  maxWorkers: 2,
  // A worker whose heap passed this after a test file is replaced. Left to grow, each of the two reached
  // about 1.3 GB RSS by the end of the run, and exiting took longer than the 500 ms Jest waits by default
  // (its event loop was empty, its 'exit' event came within 25 ms, no thread of ours was left: nothing
  // leaked), so Jest killed it and printed "A worker process has failed to exit gracefully". Recycled,
  // they ended at 260-460 MB and exited in 0.2-0.25 s; the run takes as long.
  workerIdleMemoryLimit: '700MB',
  // A worker that has just started the whole service (PGlite, the EDS threads) may still take longer on
  // two busy cores; a worker that really leaks a handle is still killed after this, with the same line.
  workerGracefulExitTimeout: 5000,
};
