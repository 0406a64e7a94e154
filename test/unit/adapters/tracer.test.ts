import { createSocket } from 'node:dgram';
import { afterAll, describe, expect, it, vi } from 'vitest';

/*
 * The tracer as Lambda runs it: the environment Lambda gives a function with active
 * tracing, set before the X-Ray SDK loads (it reads it then), and a UDP socket of the test's
 * own as the daemon, which receives what the SDK sends.
 */
const daemon = createSocket('udp4');
const received: Record<string, unknown>[] = [];
daemon.on('message', (datagram) => {
  received.push(JSON.parse(datagram.toString('utf8').split('\n')[1] ?? '{}'));
});
await new Promise<void>((resolve) => daemon.bind(0, '127.0.0.1', resolve));
const TRACE_ID = '1-58406520-a006649127e371903a2de979';
const header = (sampled: 0 | 1) => `Root=${TRACE_ID};Parent=53995c3f42cd8ad8;Sampled=${sampled}`;
vi.stubEnv('AWS_EXECUTION_ENV', 'AWS_Lambda_nodejs22.x');
vi.stubEnv('LAMBDA_TASK_ROOT', process.cwd());
vi.stubEnv('AWS_XRAY_DAEMON_ADDRESS', `127.0.0.1:${daemon.address().port}`);
vi.stubEnv('AWS_XRAY_CONTEXT_MISSING', 'LOG_ERROR');
vi.stubEnv('_X_AMZN_TRACE_ID', header(1));
const { traced } = await import('#adapters/tracer');

afterAll(() => {
  vi.unstubAllEnvs();
  daemon.close();
});

describe('traced', () => {
  it('sends a sampled call as a subsegment named for the store and the operation only', async () => {
    const answer = await traced('PostgreSQL', 'insert-feedback-and-outbox-v1', async (s) => {
      expect(s).toBeDefined();
      return 42;
    });
    expect(answer).toBe(42);
    await vi.waitFor(() => expect(received).toHaveLength(1));
    expect(received[0]).toMatchObject({
      name: 'PostgreSQL',
      namespace: 'remote',
      trace_id: TRACE_ID,
      type: 'subsegment',
      annotations: { operation: 'insert-feedback-and-outbox-v1' },
      end_time: expect.any(Number),
    });
  });

  it('records a failed call as a remote fault and throws the same error on', async () => {
    received.length = 0;
    const failure = new Error('Connection terminated');
    await expect(traced('Redis', 'GET', () => Promise.reject(failure))).rejects.toBe(failure);
    await vi.waitFor(() => expect(received).toHaveLength(1));
    expect(received[0]).toMatchObject({ name: 'Redis', fault: true });
  });

  it('runs the call alone in an invocation X-Ray did not sample', async () => {
    vi.stubEnv('_X_AMZN_TRACE_ID', header(0));
    let given: unknown = 'unset';
    expect(
      await traced('SQS', 'SendMessageBatch', async (s) => {
        given = s;
        return 'sent';
      }),
    ).toBe('sent');
    expect(given).toBeUndefined();
    vi.stubEnv('_X_AMZN_TRACE_ID', header(1));
  });
});
