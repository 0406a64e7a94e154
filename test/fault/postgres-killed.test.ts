import { expect, it } from 'vitest';
import { withFaultStack } from './support/fault-system';
import { runScenario, sleep } from './support/scenario';

// A crash of the database mid-load: requests in flight lose their connection, new ones
// cannot connect for 5 s, `learn` batches fail and come back. Clients are told 503 and
// retry; nothing acknowledged may be lost, and nothing may be stored or learned twice.
it('loses and double-counts nothing when PostgreSQL is killed mid-load and restarted 5 s later', async () => {
  await withFaultStack(async (servers, stack) => {
    const result = await runScenario({
      name: '1. PostgreSQL killed, restarted 5 s later',
      servers,
      stack,
      fault: async () => {
        await servers.postgres.kill();
        await sleep(5_000);
        await servers.postgres.start();
      },
    });
    // The fault was felt: clients were told to come back later.
    expect(result.unavailable).toBeGreaterThan(0);
  });
});
