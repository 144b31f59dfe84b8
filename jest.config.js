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
  globalSetup: '<rootDir>/test/support/containers.ts',
  testTimeout: 60000,
  maxWorkers: 2,
};
