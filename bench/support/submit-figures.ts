import { keepAliveClient } from './http-client';
import type { BenchStack } from './local-stack';
import { newFeedback, quantile } from './local-stack';

/**
 * Sequential latency of a warm submit and of the emulator's floor, interleaved so that the
 * machine's noise falls on both alike. The floor is the same function's cheapest answer: a
 * request without a key, refused (401) before any I/O, through the same gateway, pool and
 * runtime as a submit.
 */
export async function sequentialLatency(stack: BenchStack, requests: number) {
  const client = keepAliveClient(stack.emulator.url);
  const submit = () =>
    client.request('POST', '/v1/feedback', stack.headers, JSON.stringify(newFeedback()));
  const floor = () =>
    client.request('POST', '/v1/feedback', { 'content-type': 'application/json' }, '{}');
  try {
    for (let i = 0; i < 100; i++) {
      const answer = await submit();
      if (answer.status !== 202)
        throw new Error(`Submit answered ${answer.status}: ${answer.body}`);
      await floor();
    }
    const submitMs: number[] = [];
    const floorMs: number[] = [];
    for (let i = 0; i < requests; i++) {
      submitMs.push((await submit()).ms);
      floorMs.push((await floor()).ms);
    }
    return {
      submit: { p50: quantile(submitMs, 0.5), p99: quantile(submitMs, 0.99) },
      floor: { p50: quantile(floorMs, 0.5), p99: quantile(floorMs, 0.99) },
    };
  } finally {
    client.close();
  }
}

/** From sending a feedback to seeing it counted in /v1/metrics, one at a time. */
export async function submitToMetrics(stack: BenchStack, rounds: number) {
  const client = keepAliveClient(stack.emulator.url);
  const latencies: number[] = [];
  try {
    for (let i = 0; i < rounds; i++) {
      const modelVersion = `latency-${i}`;
      const started = performance.now();
      await client.request(
        'POST',
        '/v1/feedback',
        stack.headers,
        JSON.stringify(newFeedback(modelVersion)),
      );
      for (;;) {
        const answer = await client.request(
          'GET',
          `/v1/metrics?modelVersion=${modelVersion}`,
          stack.headers,
        );
        if ((JSON.parse(answer.body) as { total?: number }).total === 1) break;
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      latencies.push(performance.now() - started);
    }
  } finally {
    client.close();
  }
  return { p50: quantile(latencies, 0.5), p95: quantile(latencies, 0.95) };
}

/**
 * The seed's own throughput test: 200 single submits, 16 in flight, until every one is
 * learned (the queues drained); and one batch of 200, until learned.
 */
export async function twoHundred(stack: BenchStack) {
  const client = keepAliveClient(stack.emulator.url, 16);
  try {
    await stack.emulator.drain(120_000);
    const singlesStarted = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < 200) {
          next += 1;
          const answer = await client.request(
            'POST',
            '/v1/feedback',
            stack.headers,
            JSON.stringify(newFeedback('two-hundred')),
          );
          if (answer.status !== 202) throw new Error(`Submit answered ${answer.status}`);
        }
      }),
    );
    await stack.emulator.drain(120_000);
    const singlesSeconds = (performance.now() - singlesStarted) / 1000;

    const batchStarted = performance.now();
    const items = Array.from({ length: 200 }, () => newFeedback('two-hundred-batch'));
    const answer = await client.request(
      'POST',
      '/v1/feedback/batch',
      stack.headers,
      JSON.stringify({ items }),
    );
    if (answer.status !== 202) throw new Error(`Batch answered ${answer.status}`);
    const batchAcceptedSeconds = (performance.now() - batchStarted) / 1000;
    await stack.emulator.drain(120_000);
    return {
      singlesSeconds,
      batchAcceptedSeconds,
      batchLearnedSeconds: (performance.now() - batchStarted) / 1000,
    };
  } finally {
    client.close();
  }
}
