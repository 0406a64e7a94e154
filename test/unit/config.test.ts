import { describe, expect, it } from 'vitest';
import { readEnvironment } from '#config';

const deployed = {
  STAGE: 'dev',
  DATABASE_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf',
  REDIS_URL: 'redis://cache.internal:6379',
  FEEDBACK_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/feedback',
  AWS_REGION: 'eu-west-1',
};

describe('readEnvironment', () => {
  it('fills defaults for what is not set', () => {
    expect(readEnvironment({})).toMatchObject({
      STAGE: 'local',
      DATABASE_POOL_MAX: 2,
      REDIS_KEY_PREFIX: 'rf:',
      METRICS_CACHE_TTL_SECONDS: 60,
      OUTBOX_SWEEP_MIN_AGE_SECONDS: 30,
      RATE_LIMIT_USER_PER_MINUTE: 100,
      RATE_LIMIT_METRICS_PER_MINUTE: 50,
      RATE_LIMIT_ADMIN_PER_MINUTE: 200,
    });
  });

  it('reads a deployed function environment, ignoring variables it does not own', () => {
    const env = readEnvironment({ ...deployed, DATABASE_POOL_MAX: '5' });
    expect(env).toMatchObject({
      STAGE: 'dev',
      DATABASE_POOL_MAX: 5,
      REDIS_URL: deployed.REDIS_URL,
    });
    expect(env).not.toHaveProperty('AWS_REGION');
  });

  it.each([
    ['DATABASE_POOL_MAX', 'lots'],
    ['DATABASE_POOL_MAX', '0'],
    ['DATABASE_POOL_MAX', '51'],
    ['DATABASE_URL', 'not a url'],
    ['REDIS_URL', '127.0.0.1:6379'],
    ['FEEDBACK_QUEUE_URL', 'feedback'],
    ['METRICS_CACHE_TTL_SECONDS', '-1'],
    ['OUTBOX_SWEEP_MIN_AGE_SECONDS', '1.5'],
    ['RATE_LIMIT_USER_PER_MINUTE', '0'],
    ['RATE_LIMIT_METRICS_PER_MINUTE', 'many'],
    ['RATE_LIMIT_ADMIN_PER_MINUTE', '2.5'],
    ['STAGE', ''],
  ])('fails with a message naming %s when it is %j', (name, value) => {
    expect(() => readEnvironment({ ...deployed, [name]: value })).toThrow(
      new RegExp(`^Invalid configuration: .*\\b${name}: `),
    );
  });

  it('names every bad variable at once', () => {
    expect(() => readEnvironment({ DATABASE_POOL_MAX: 'x', REDIS_URL: 'y' })).toThrow(
      /DATABASE_POOL_MAX: .*; REDIS_URL: /,
    );
  });
});
