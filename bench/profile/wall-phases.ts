import { randomUUID } from 'node:crypto';
import { apiEvent, lambdaContext } from '../../test/unit/support/api-gateway';
import { newFeedback, quantile } from '../support/local-stack';

export interface WallPhaseOptions {
  databaseUrl: string;
  redisUrl: string;
  sqsEndpoint: string;
  queueUrl: string;
  userKey: string;
  rounds: number;
}

/**
 * Wall time of each step of a submit, in this process with the function's own modules
 * against the same PostgreSQL, Redis and SQS as the emulator's instances: the whole handler,
 * and each step the handler takes, timed one after another in the same round so that noise
 * falls on all of them alike. A CPU profile cannot say this: a step that waits on a socket
 * is idle in it. Call once per process (the modules keep their configuration).
 */
export async function measureWallPhases(options: WallPhaseOptions) {
  Object.assign(process.env, {
    DATABASE_URL: options.databaseUrl,
    REDIS_URL: options.redisUrl,
    REDIS_KEY_PREFIX: `bench-phases-${randomUUID()}:`,
    FEEDBACK_QUEUE_URL: options.queueUrl,
    // Never read: the rounds send no Idempotency-Key.
    IDEMPOTENCY_TABLE_NAME: 'not-used',
    AWS_ENDPOINT_URL_SQS: options.sqsEndpoint,
    AWS_REGION: process.env.AWS_REGION ?? 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    RATE_LIMIT_USER_PER_MINUTE: '100000000',
    POWERTOOLS_LOG_LEVEL: 'ERROR',
  });
  const { handler } = await import('../../functions/submit');
  const { findCaller } = await import('../../functions/adapters/api-keys');
  const { sharedRateLimiter } = await import('../../functions/adapters/rate-limiter');
  const { postgresFeedbackStore } = await import('../../functions/adapters/feedback-store');
  const { relayCommitted } = await import('../../functions/adapters/outbox');
  const { feedbackInputSchema, fingerprintFeedback } = await import(
    '../../functions/core/feedback'
  );
  const { rateLimitPolicies } = await import('../../functions/core/rate-limit-policy');
  const policy = rateLimitPolicies({ user: 100_000_000, metrics: 1, admin: 1 }).user;
  const caller = await findCaller(options.userKey);
  if (!caller) throw new Error('The benchmark key is not registered');

  const base = apiEvent('POST /v1/feedback');
  const headers = { ...base.headers, authorization: `Bearer ${options.userKey}` };
  const times = new Map<string, number[]>();
  const time = async (phase: string, step: () => Promise<unknown>) => {
    const started = performance.now();
    await step();
    const list = times.get(phase) ?? [];
    list.push(performance.now() - started);
    times.set(phase, list);
  };
  const warmUp = Math.min(200, options.rounds);
  for (let round = 0; round < warmUp + options.rounds; round++) {
    if (round === warmUp) times.clear();
    await time('whole handler', async () => {
      const event = { ...base, headers, body: JSON.stringify(newFeedback('phases')) };
      const answer = await handler(event, lambdaContext());
      if (answer.statusCode !== 202) throw new Error(`Handler answered ${answer.statusCode}`);
    });
    await time('authentication (key cached)', () => findCaller(options.userKey));
    await time('rate limit (one Redis script)', () =>
      sharedRateLimiter().decide(`${caller.keyId}:user`, policy),
    );
    let input = feedbackInputSchema.parse(newFeedback('phases'));
    await time('validation', async () => {
      input = feedbackInputSchema.parse(newFeedback('phases'));
    });
    let fingerprint = '';
    await time('fingerprint', async () => {
      fingerprint = fingerprintFeedback(input);
    });
    let id = '';
    await time('transaction (feedback + outbox, durable commit)', async () => {
      const [stored] = await postgresFeedbackStore.insert(caller.tenantId ?? 'default', [
        { id: randomUUID(), input, fingerprint },
      ]);
      id = stored?.id ?? '';
    });
    await time('publish after commit (SQS send + stamp)', () =>
      relayCommitted(options.queueUrl, caller.tenantId ?? 'default', [id]),
    );
  }
  return [...times].map(([phase, list]) => ({
    phase,
    p50Ms: quantile(list, 0.5),
    p90Ms: quantile(list, 0.9),
  }));
}
