import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';

const made: { url: string; options: Record<string, unknown> }[] = [];
// A client that never connects: this is about how it is made, not about Redis.
vi.mock('ioredis', () => ({
  Redis: class extends EventEmitter {
    constructor(url: string, options: Record<string, unknown>) {
      super();
      made.push({ url, options });
    }
  },
}));
const readSecretString = vi.fn(async (_arn: string) => 'token-from-the-secret');
vi.mock('#adapters/secrets', () => ({ readSecretString }));
vi.stubEnv('REDIS_URL', 'rediss://master.cache.internal:6380');
vi.stubEnv('REDIS_AUTH_SECRET_ARN', 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:redis');

const { redisClient, redisOptionsOf, redisReady } = await import('#adapters/redis');

describe('redisOptionsOf', () => {
  it('sends no password when the server wants none', () => {
    expect(redisOptionsOf({ keyPrefix: 'rf:' })).not.toHaveProperty('password');
  });

  it('sends the AUTH token as the password, and fails fast either way', () => {
    expect(redisOptionsOf({ keyPrefix: 'rf:', password: 'secret' })).toMatchObject({
      keyPrefix: 'rf:',
      password: 'secret',
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
    });
  });
});

describe('redisClient with an AUTH secret', () => {
  it('serves without Redis until the token is read, then connects once with it', async () => {
    expect(redisClient()).toBeUndefined();
    const client = await redisReady();

    expect(client).toBeDefined();
    expect(Array.from({ length: 20 }, () => redisClient())).toEqual(
      Array.from({ length: 20 }, () => client),
    );
    expect(readSecretString).toHaveBeenCalledOnce();
    expect(readSecretString).toHaveBeenCalledWith(
      'arn:aws:secretsmanager:eu-west-1:123456789012:secret:redis',
    );
    expect(made).toHaveLength(1);
    expect(made[0]).toMatchObject({
      url: 'rediss://master.cache.internal:6380',
      options: { password: 'token-from-the-secret' },
    });
  });
});
