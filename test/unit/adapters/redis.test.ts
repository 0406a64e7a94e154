import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';

// A client that never connects: this is about the listeners, not about Redis.
vi.mock('ioredis', () => ({ Redis: class extends EventEmitter {} }));
vi.stubEnv('REDIS_URL', 'redis://cache.internal:6379');

const { redisClient } = await import('#adapters/redis');

describe('redisClient', () => {
  it('makes one client per container and adds its listeners once, however often it is asked', () => {
    const clients = Array.from({ length: 50 }, () => redisClient());
    const client = clients[0] as unknown as EventEmitter;

    expect(new Set(clients).size).toBe(1);
    expect(client.listenerCount('error')).toBe(1);
    expect(client.listenerCount('ready')).toBe(1);
  });
});
