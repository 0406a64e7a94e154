import { randomUUID } from 'node:crypto';

/** One request the client made, as the fake API saw it. */
export interface SeenRequest {
  method: string;
  url: URL;
  key: string | null;
  body: string | undefined;
  items: unknown[];
  at: number;
}

export type Reply = (request: SeenRequest) => Response | Promise<Response>;

/** A fetch that never leaves the process: each request is recorded and answered by `reply`. */
export function fakeApi(reply: Reply) {
  const requests: SeenRequest[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const body = typeof init?.body === 'string' ? init.body : undefined;
    const headers = new Headers(init?.headers);
    const request: SeenRequest = {
      method: init?.method ?? 'GET',
      url: new URL(String(input)),
      key: headers.get('idempotency-key'),
      body,
      items: body ? ((JSON.parse(body) as { items?: unknown[] }).items ?? []) : [],
      at: performance.now(),
    };
    requests.push(request);
    init?.signal?.throwIfAborted();
    const answer = reply(request);
    // A reply that never settles still ends when the client gives up on it (timeout, close).
    return await new Promise<Response>((resolve, reject) => {
      init?.signal?.addEventListener('abort', () => reject(init.signal?.reason), { once: true });
      Promise.resolve(answer).then(resolve, reject);
    });
  };
  return { fetch, requests };
}

export const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: {
      'content-type': status >= 400 ? 'application/problem+json' : 'application/json',
      ...headers,
    },
  });

/** The 202 of a batch whose items were all stored. */
export const allAccepted = (request: SeenRequest, headers: Record<string, string> = {}) =>
  json(
    202,
    {
      accepted: request.items.length,
      duplicates: 0,
      rejected: 0,
      results: request.items.map((_, index) => ({ index, status: 'accepted', id: randomUUID() })),
    },
    headers,
  );

export const problem = (status: number, detail: string, headers: Record<string, string> = {}) =>
  json(status, { type: 'about:blank', title: 'x', status, detail, instance: '/' }, headers);

/** A promise and the function that settles it: an answer held back until the test says. */
export function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

export const feedback = (n: number, overrides: Record<string, unknown> = {}) => ({
  proposalId: `p-${n}`,
  originalFilename: `IMG_${n}.JPG`,
  proposedFilename: `2024-06-01_beach-${n}.jpg`,
  action: 'approved' as const,
  confidence: 0.9,
  modelVersion: 'v1',
  userId: 'user-1',
  ...overrides,
});

export const feedbacks = (count: number, from = 0) =>
  Array.from({ length: count }, (_, i) => feedback(from + i));

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
