import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { request } from '../src/http';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** A server that never answers: the fetch settles only when its signal aborts. */
const neverAnswers: typeof fetch = (_input, init) =>
  new Promise((_resolve, reject) => {
    init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
  });

const options = {
  baseUrl: new URL('http://127.0.0.1:1/'),
  apiKey: 'key',
  timeoutMs: 200,
  fetch: neverAnswers,
};

describe('a request to a server that never answers', () => {
  it('times out when garbage is collected while it waits (nodejs/node#57736)', async () => {
    const pending = Array.from({ length: 20 }, () =>
      request(options, 'GET', '/v1/health', { signal: new AbortController().signal }).then(
        () => 'answered',
        (error: Error) => error.name,
      ),
    );
    const collecting = setInterval(collectGarbage, 10);
    const outcomes = await Promise.race([
      Promise.all(pending),
      new Promise((resolve) => setTimeout(() => resolve('still waiting after 3 s'), 3000)),
    ]);
    clearInterval(collecting);
    expect(outcomes).toEqual(Array.from({ length: 20 }, () => 'TimeoutError'));
  });

  it('stops waiting when the caller cancels, with the caller reason', async () => {
    const caller = new AbortController();
    const answer = request({ ...options, timeoutMs: 60_000 }, 'GET', '/v1/health', {
      signal: caller.signal,
    });
    caller.abort(new Error('closing'));
    await expect(answer).rejects.toThrow('closing');
  });
});
