import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ValidationError } from '#core/errors';
import { toFieldErrors } from '#core/field-errors';
import { MAX_JSON_DEPTH } from '#core/json-depth';
import { createApiHandler } from '#http/create-api-handler';
import type { ApiEvent, RouteInput } from '#http/types';
import { apiEvent, lambdaContext, read } from '../support/api-gateway';

const reached: unknown[] = [];
const strict = z.strictObject({ name: z.string() });

const handler = createApiHandler({
  'POST /v1/things': {
    scope: 'public',
    maxBodyBytes: 1024 * 1024,
    handle: async ({ body }: RouteInput) => {
      reached.push(body);
      const parsed = strict.safeParse(body, { reportInput: true });
      if (!parsed.success) {
        throw new ValidationError('The body is invalid', { errors: toFieldErrors(parsed.error) });
      }
      return { status: 200, body: parsed.data };
    },
  },
});
const post = async (body: string) => {
  const event: ApiEvent = apiEvent('POST /v1/things', { body });
  const response = await handler(event, lambdaContext());
  return { ...read(response), size: String(response.body ?? '').length };
};

describe('bodies no route should ever walk', () => {
  it('refuses a body nested 30,000 levels with 422 maxDepth before the route sees it', async () => {
    reached.length = 0;
    const answer = await post(`{"name":${'['.repeat(30_000)}${']'.repeat(30_000)}}`);

    expect(answer.status).toBe(422);
    expect(answer.body).toMatchObject({
      errors: [{ path: '(body)', rule: 'maxDepth' }],
      omittedErrors: 0,
    });
    expect(reached).toEqual([]);
  });

  it(`takes a body nested ${MAX_JSON_DEPTH} levels (the route judges it)`, async () => {
    const answer = await post(`${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}`);

    expect(answer.status).toBe(422);
    expect(answer.body).toMatchObject({ errors: [{ path: '(body)', rule: 'type' }] });
  });

  it('answers 20,000 unknown top-level keys with 100 field errors and the count of the rest', async () => {
    const keys = Array.from({ length: 20_000 }, (_, k) => `"key_${k}":0`).join(',');

    const answer = await post(`{"name":"x",${keys}}`);

    expect(answer.status).toBe(422);
    expect(answer.body).toMatchObject({ omittedErrors: 19_900 });
    expect((answer.body as { errors: unknown[] }).errors).toHaveLength(100);
    expect(answer.size).toBeLessThan(20_000);
  });

  it('answers a key of 600 KB with a path and message of a few hundred characters', async () => {
    const answer = await post(JSON.stringify({ name: 'x', ['\u0001'.repeat(100_000)]: 1 }));

    expect(answer.status).toBe(422);
    expect(answer.size).toBeLessThan(3_000);
  });
});
