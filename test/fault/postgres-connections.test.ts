import { expect, it } from 'vitest';
import { type Occupation, occupyEveryConnection } from './support/connection-hog';
import { withFaultStack } from './support/fault-system';
import { runScenario } from './support/scenario';

// Another application takes every connection PostgreSQL allows for 5 s. The service cannot
// connect ("too many clients", SQLSTATE 53300): that is a dependency being unavailable, so
// clients must get 503 with Retry-After and come back, not a 500 that says "our bug".
it('answers 503, loses nothing and double-counts nothing while max_connections is exhausted for 5 s', async () => {
  await withFaultStack(async (servers, stack) => {
    let occupation: Occupation | undefined;
    const result = await runScenario({
      name: '2. PostgreSQL max_connections exhausted 5 s',
      servers,
      stack,
      fault: async () => {
        const database = new URL(servers.databaseUrl).pathname.slice(1);
        occupation = await occupyEveryConnection(servers.postgres.maintenanceUrl, database, 5_000);
      },
    });
    // The fault was felt: the service lost its connections and was refused new ones, and
    // clients were told to retry.
    expect(occupation?.terminated).toBeGreaterThan(0);
    expect(result.unavailable).toBeGreaterThan(0);
  });
});
