import { describe, expect, it } from 'vitest';
import { FAULT_ENVIRONMENT, withFaultStack } from './support/fault-system';
import { runScenario, sleep } from './support/scenario';

// Redis only limits rates and caches reads here: frozen or emptied, it may cost the
// service its global rate limit for a while, never an answer or a feedback.
describe('Redis fails under load', () => {
  it('loses and counts nothing while Redis is frozen (SIGSTOP) for 5 s', async () => {
    await withFaultStack(async (servers, stack) => {
      await runScenario({
        name: '3a. Redis frozen (SIGSTOP) 5 s',
        servers,
        stack,
        fault: async () => {
          servers.redis.freeze();
          try {
            await sleep(5_000);
          } finally {
            servers.redis.thaw();
          }
        },
      });
      // The fault was felt: instances gave up on the frozen Redis and limited in memory.
      expect(stack.logs.count(/Rate limiting degraded to per-instance/)).toBeGreaterThan(0);
    });
  });

  it('loses and counts nothing when Redis is killed and restarted empty', async () => {
    await withFaultStack(async (servers, stack) => {
      const firstPid = servers.redis.pid();
      await runScenario({
        name: '3b. Redis killed, restarted empty',
        servers,
        stack,
        fault: () => servers.redis.restart(),
      });
      expect(servers.redis.pid()).not.toBe(firstPid);
      // The fault was felt and healed: the functions use the new, empty server again (the
      // scenario's metrics read and rate-limit windows are in it).
      const redis = servers.redis.client();
      try {
        const keys = await redis.keys(`${FAULT_ENVIRONMENT.REDIS_KEY_PREFIX}*`);
        expect(keys.length).toBeGreaterThan(0);
      } finally {
        redis.disconnect();
      }
    });
  });
});
