import { describe, expect, it } from 'vitest';
import { feedbackViewSchema } from '#core/contract/feedback-contract';
import { call, feedback, learned } from './support/http';
import { runName } from './support/target';

describe('submit -> store -> learn -> metrics, against the deployment', () => {
  it('stores a feedback, reads it back and counts it once learned', async () => {
    const modelVersion = runName('flow-single');
    const body = feedback({ modelVersion, action: 'modified', userFilename: 'beach.jpg' });
    const submitted = await call('user', 'POST', '/v1/feedback', { body });
    expect(submitted.status).toBe(202);
    expect(submitted.body).toEqual({ id: expect.any(String), status: 'accepted' });

    const read = await call('user', 'GET', `/v1/feedback/${submitted.body.id}`);
    expect(read.status).toBe(200);
    expect(feedbackViewSchema.parse(read.body)).toMatchObject({
      id: submitted.body.id,
      proposalId: body.proposalId,
      action: 'modified',
      userFilename: 'beach.jpg',
      modelVersion,
    });

    const metrics = await learned(modelVersion, 1);
    expect(metrics.body).toMatchObject({ total: 1, modified: 1, modificationRate: 1 });
  });

  it('accepts a batch item by item and learns only the valid items', async () => {
    const modelVersion = runName('flow-batch');
    const items = [
      feedback({ modelVersion }),
      feedback({ modelVersion, confidence: 1.5 }),
      feedback({ modelVersion, action: 'rejected' }),
    ];
    const answer = await call('user', 'POST', '/v1/feedback/batch', { body: { items } });
    expect(answer.status).toBe(202);
    expect(answer.body).toMatchObject({ accepted: 2, duplicates: 0, rejected: 1 });
    expect(answer.body.results).toEqual([
      { index: 0, status: 'accepted', id: expect.any(String) },
      {
        index: 1,
        status: 'rejected',
        errors: [expect.objectContaining({ path: 'items[1].confidence', rule: 'maximum' })],
        omittedErrors: 0,
      },
      { index: 2, status: 'accepted', id: expect.any(String) },
    ]);
    const metrics = await learned(modelVersion, 2);
    expect(metrics.body).toMatchObject({ approved: 1, rejected: 1 });
  });

  it('answers a resent decision as a duplicate with the first id, and another decision with 409', async () => {
    const modelVersion = runName('flow-dup');
    const body = feedback({ modelVersion });
    const first = await call('user', 'POST', '/v1/feedback', { body });
    expect(first.status).toBe(202);
    const again = await call('user', 'POST', '/v1/feedback', { body });
    expect(again.status).toBe(202);
    expect(again.body).toEqual({ id: first.body.id, status: 'duplicate' });

    const other = await call('user', 'POST', '/v1/feedback', {
      body: { ...body, action: 'rejected' },
    });
    expect(other.status).toBe(409);
    expect(other.headers.get('content-type')).toBe('application/problem+json');
    expect(other.body.errors).toEqual([
      expect.objectContaining({ path: 'proposalId', rule: 'oneDecisionPerProposal' }),
    ]);
    // Stored once, learned once: the duplicate and the conflict added nothing.
    expect((await learned(modelVersion, 1)).body).toMatchObject({ approved: 1, rejected: 0 });
  });

  it('answers 404 for a feedback id that does not exist', async () => {
    const answer = await call('user', 'GET', '/v1/feedback/00000000-0000-4000-8000-000000000000');
    expect(answer.status).toBe(404);
  });
});
