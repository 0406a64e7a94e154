import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

/**
 * Black-box suites against a deployed API (`npm run test:remote`): part of a run only when
 * asked for by name or when the deployment is given (TEST_API_URL), never of a plain
 * `npm test` on a machine that has none.
 */
const remoteWanted =
  process.env.TEST_API_URL !== undefined ||
  process.argv.some(
    (arg, i) =>
      arg === '--project=remote' || (arg === 'remote' && process.argv[i - 1] === '--project'),
  );

const remote: TestProjectInlineConfiguration = {
  extends: true,
  test: {
    name: 'remote',
    include: ['test/remote/**/*.test.ts'],
    sequence: { groupOrder: 3 },
    // A deployment answers over the network, and learning is waited for by polling.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Few at a time: the deployment's rate limits are per key, shared by every suite.
    maxWorkers: 2,
    fileParallelism: true,
  },
};

export default defineConfig({
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          // Unit tests first: they fail fast and need no services.
          sequence: { groupOrder: 0 },
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'client',
          include: ['client/test/**/*.test.ts'],
          // The client package's own tests, beside the unit tests: no stack, only loopback
          // servers of their own where a test needs an HTTP peer.
          sequence: { groupOrder: 0 },
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          sequence: { groupOrder: 1 },
          globalSetup: ['test/integration/support/global-setup.ts'],
          setupFiles: ['test/integration/support/print-logs-on-failure.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Each suite runs its own emulator (several Node processes): two at a time fit two cores.
          maxWorkers: 2,
          fileParallelism: true,
        },
      },
      {
        extends: true,
        test: {
          name: 'fault',
          include: ['test/fault/**/*.test.ts'],
          // Last and alone: the scenarios load the machine on purpose (a private PostgreSQL
          // and Redis, one emulator, 8 requests in flight) and measure answer times, which
          // another suite running beside them would distort.
          sequence: { groupOrder: 2 },
          globalSetup: ['test/fault/support/global-setup.ts'],
          setupFiles: ['test/integration/support/print-logs-on-failure.ts'],
          testTimeout: 150_000,
          hookTimeout: 120_000,
          maxWorkers: 1,
          fileParallelism: false,
        },
      },
      ...(remoteWanted ? [remote] : []),
    ],
  },
});
