import { afterAll, beforeAll, expect, it } from 'vitest';
import { type HttpGateway, listenHttpGateway } from '../../../local/emulator/http-gateway';

let gateway: HttpGateway;

// Listening, not routing yet: what a client of a restarting `npm start` meets.
beforeAll(async () => {
  gateway = await listenHttpGateway('127.0.0.1', 0, () => {});
});
afterAll(async () => {
  await gateway.close();
});

// Emulator: AWS has no start-up window; this is what a client of a restarting `npm start`
// meets while the functions are not ready yet.
it('tells clients to come back (503 with Retry-After) until the functions are ready', async () => {
  const response = await fetch(new URL('/v1/feedback', gateway.url), {
    method: 'POST',
    body: '{}',
  });
  expect(response.status).toBe(503);
  expect(response.headers.get('retry-after')).toBe('1');
  expect(await response.json()).toEqual({ message: 'Service Unavailable' });
});
