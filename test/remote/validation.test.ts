import { describe, expect, it } from 'vitest';
import { call, feedback } from './support/http';

type FieldError = { path: string; rule: string; message: string };

/**
 * Nothing stored, seen from outside: the refused proposal id is still free, so a valid
 * decision for it is `accepted` (it would be a duplicate or a 409 had anything been kept).
 */
async function expectNothingStoredFor(body: Record<string, unknown>) {
  const valid = feedback({ proposalId: body.proposalId });
  const answer = await call('user', 'POST', '/v1/feedback', { body: valid });
  expect(answer.status).toBe(202);
  expect(answer.body.status).toBe('accepted');
}

describe('bad input is refused clearly and nothing of it is stored', () => {
  const broken: Array<[string, Record<string, unknown>, string, string]> = [
    ['a confidence above 1', { confidence: 1.5 }, 'confidence', 'maximum'],
    ['an unknown action', { action: 'liked' }, 'action', 'enum'],
    [
      'a modification without the chosen name',
      { action: 'modified' },
      'userFilename',
      'requiredWhenModified',
    ],
    ['an unknown field', { colour: 'blue' }, 'colour', 'unknownField'],
    ['a model version with a space', { modelVersion: 'v 1' }, 'modelVersion', 'pattern'],
  ];
  it.each(broken)(
    'answers 422 naming the field and the rule for %s',
    async (_, change, path, rule) => {
      const body = feedback(change);
      const answer = await call('user', 'POST', '/v1/feedback', { body });
      expect(answer.status).toBe(422);
      expect(answer.headers.get('content-type')).toBe('application/problem+json');
      const errors = answer.body.errors as FieldError[];
      expect(errors).toEqual([
        expect.objectContaining({ path, rule, message: expect.any(String) }),
      ]);
      await expectNothingStoredFor(body);
    },
  );

  it('answers 400 to a body that is not JSON, and 415 to one that is not declared JSON', async () => {
    const notJson = await call('user', 'POST', '/v1/feedback', { body: '{"proposalId":' });
    expect(notJson.status).toBe(400);
    expect(notJson.headers.get('content-type')).toBe('application/problem+json');
    const body = feedback();
    const text = await call('user', 'POST', '/v1/feedback', {
      body: JSON.stringify(body),
      headers: { 'content-type': 'text/plain' },
    });
    expect(text.status).toBe(415);
    await expectNothingStoredFor(body);
  });

  it('answers 422 to a batch in which no item is valid, and stores none', async () => {
    const items = [feedback({ confidence: -1 }), feedback({ action: 'modified' })];
    const answer = await call('user', 'POST', '/v1/feedback/batch', { body: { items } });
    expect(answer.status).toBe(422);
    expect(answer.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'items[0].confidence', rule: 'minimum' }),
        expect.objectContaining({ path: 'items[1].userFilename', rule: 'requiredWhenModified' }),
      ]),
    );
    for (const item of items) await expectNothingStoredFor(item);
  });
});
