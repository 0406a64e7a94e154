import { afterAll, describe, expect, it } from 'vitest';
import {
  assignmentSchema,
  experimentResultsSchema,
  experimentViewSchema,
} from '#core/contract/experiments-contract';
import { call, feedback, pollUntil } from './support/http';
import { explainSkip, runName, target } from './support/target';

type Json = Record<string, unknown>;
type Assignment = { inExperiment: boolean; variant?: string; modelVersion?: string };

const admin = (method: string, path: string, body?: unknown) =>
  call<Json>('admin', method, path, { body });

/** Experiments this file made: cancelled at the end, so none keeps assigning people. */
const made: string[] = [];

afterAll(async () => {
  for (const id of made) {
    const current = await admin('GET', `/v1/experiments/${id}`);
    if (['draft', 'running', 'paused'].includes(String(current.body.state))) {
      await admin('POST', `/v1/experiments/${id}/cancel`);
    }
  }
});

async function create(): Promise<string> {
  const answer = await admin('POST', '/v1/experiments', {
    name: runName('experiment'),
    description: 'made by npm run test:remote; cancelled when the run ends',
    // A layer of this run's own: no real experiment is kept from anyone by it.
    layer: runName('layer'),
    variants: [
      { key: 'control', modelVersion: runName('exp-a'), weight: 0.5 },
      { key: 'treatment', modelVersion: runName('exp-b'), weight: 0.5 },
    ],
    minimumDetectableEffect: 0.1,
  });
  expect(answer.status).toBe(201);
  const experiment = experimentViewSchema.parse(answer.body);
  made.push(experiment.experimentId);
  return experiment.experimentId;
}

if (target.other === undefined) {
  explainSkip('experiments, tenant isolation', 'TEST_OTHER_ADMIN_KEY is not set');
}

describe('an experiment, from creation to results', () => {
  it('creates, starts, assigns, takes feedback with the variant and reports it in the results', async () => {
    const id = await create();
    expect((await admin('GET', `/v1/experiments/${id}`)).body).toMatchObject({ state: 'draft' });
    const started = await admin('POST', `/v1/experiments/${id}/start`);
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({ state: 'running', startedAt: expect.any(String) });

    const people = Array.from({ length: 4 }, (_, i) => runName(`exp-person-${i}`));
    const assigned = new Map<string, Assignment>();
    for (const userId of people) {
      const answer = await call<Assignment>(
        'user',
        'GET',
        `/v1/experiments/${id}/assignment?userId=${encodeURIComponent(userId)}`,
      );
      expect(answer.status).toBe(200);
      const assignment = assignmentSchema.parse(answer.body) as Assignment;
      expect(assignment.inExperiment).toBe(true);
      // Sticky: asked again, the same variant.
      const again = await call<Assignment>(
        'user',
        'GET',
        `/v1/assignments?userId=${encodeURIComponent(userId)}`,
      );
      const mine = (
        again.body as unknown as { assignments: Array<Assignment & Json> }
      ).assignments.find((a) => a.experimentId === id);
      expect(mine).toMatchObject({ inExperiment: true, variant: assignment.variant });
      assigned.set(userId, assignment);
    }

    const items = people.map((userId) => {
      const { variant, modelVersion } = assigned.get(userId) as Assignment;
      return feedback({ userId, experimentId: id, variant, modelVersion });
    });
    const submitted = await call('user', 'POST', '/v1/feedback/batch', { body: { items } });
    expect(submitted.status).toBe(202);
    expect(submitted.body).toMatchObject({ accepted: people.length });

    // Feedback naming a variant the person was not assigned is refused.
    const [first] = people;
    const wrong = assigned.get(first ?? '')?.variant === 'control' ? 'treatment' : 'control';
    const mismatch = await call('user', 'POST', '/v1/feedback', {
      body: feedback({ userId: first, experimentId: id, variant: wrong }),
    });
    expect(mismatch.status).toBe(422);
    expect(mismatch.body.errors).toEqual([expect.objectContaining({ rule: 'matchesAssignment' })]);

    const results = await pollUntil(
      () => admin('GET', `/v1/experiments/${id}/results`),
      (answer) =>
        answer.status === 200 &&
        (answer.body.variants as Array<{ feedback: number }>).reduce(
          (n, v) => n + v.feedback,
          0,
        ) === people.length,
      { what: 'the experiment results to count every feedback' },
    );
    const parsed = experimentResultsSchema.parse(results.body);
    const exposures = Object.fromEntries(parsed.variants.map((v) => [v.key, v.exposures]));
    const inVariant = (key: string) =>
      [...assigned.values()].filter((a) => a.variant === key).length;
    expect(exposures).toEqual({ control: inVariant('control'), treatment: inVariant('treatment') });
    expect(parsed.decision).toBeTruthy();

    const cancelled = await admin('POST', `/v1/experiments/${id}/cancel`);
    expect(cancelled.body).toMatchObject({ state: 'cancelled' });
  });

  it.skipIf(target.other === undefined)("is invisible to the other tenant's admin", async () => {
    const id = await create();
    expect((await call('otherAdmin', 'GET', `/v1/experiments/${id}`)).status).toBe(404);
    expect((await call('otherAdmin', 'GET', `/v1/experiments/${id}/results`)).status).toBe(404);
  });
});
