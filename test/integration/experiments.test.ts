import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assignmentSchema,
  assignmentsSchema,
  defaultModelSchema,
  experimentResultsSchema,
  experimentViewSchema,
  sampleSizeSchema,
} from '#core/contract/experiments-contract';
import { hashAssignment } from '#core/experiments/assignment';
import { call, feedback } from './support/client';
import { startSystem, type TestSystem } from './support/system';

let system: TestSystem;

beforeAll(async () => {
  system = await startSystem('experiments', {
    environment: {
      RATE_LIMIT_USER_PER_MINUTE: '100000',
      RATE_LIMIT_METRICS_PER_MINUTE: '100000',
      RATE_LIMIT_ADMIN_PER_MINUTE: '100000',
    },
  });
});
afterAll(async () => {
  await system?.stop();
});

type Json = Record<string, unknown>;
type Experiment = Json & { experimentId: string; version: number; state: string };
type Assignment = {
  experimentId: string;
  inExperiment: boolean;
  variant?: string;
  reason?: string;
};

const definition = (overrides: Json = {}): Json => ({
  name: 'ranker v2 vs v1',
  variants: [
    { key: 'control', modelVersion: 'v1', weight: 0.5 },
    { key: 'treatment', modelVersion: 'v2', weight: 0.5 },
  ],
  minimumDetectableEffect: 0.1,
  ...overrides,
});

const admin = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
  call<Json>(system.url, method, path, { key: system.adminKey, body, headers });

async function create(overrides: Json = {}): Promise<Experiment> {
  const answer = await admin('POST', '/v1/experiments', definition(overrides));
  expect(answer.status).toBe(201);
  expect(experimentViewSchema.parse(answer.body)).toBeTruthy();
  return answer.body as Experiment;
}

async function started(overrides: Json = {}): Promise<Experiment> {
  const experiment = await create(overrides);
  const answer = await admin('POST', `/v1/experiments/${experiment.experimentId}/start`);
  expect(answer.status).toBe(200);
  return answer.body as Experiment;
}

async function assignmentOf(experimentId: string, userId: string): Promise<Assignment> {
  const answer = await call<Assignment>(
    system.url,
    'GET',
    `/v1/experiments/${experimentId}/assignment?userId=${encodeURIComponent(userId)}`,
    { key: system.userKey },
  );
  expect(answer.status).toBe(200);
  expect(assignmentSchema.parse(answer.body)).toBeTruthy();
  return answer.body;
}

const people = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);

describe('experiment lifecycle', () => {
  it('creates a draft with defaults, reads it and lists it by state', async () => {
    const experiment = await create({ layer: 'ranking' });
    expect(experiment).toMatchObject({
      state: 'draft',
      version: 1,
      coverage: 1,
      seed: experiment.experimentId,
      layer: 'ranking',
      primaryMetric: 'approvalRate',
      guardrails: ['modificationRate', 'editDistance'],
      alpha: 0.05,
      power: 0.8,
      sequential: true,
      startedAt: null,
    });
    const read = await admin('GET', `/v1/experiments/${experiment.experimentId}`);
    expect(read.body).toEqual(experiment);
    const drafts = await admin('GET', '/v1/experiments?state=draft&layer=ranking');
    const ids = (drafts.body.experiments as Experiment[]).map((e) => e.experimentId);
    expect(ids).toContain(experiment.experimentId);
    const running = await admin('GET', '/v1/experiments?state=running&layer=ranking');
    expect(running.body.experiments).toEqual([]);
  });

  it('refuses bad definitions field by field', async () => {
    const answer = await admin(
      'POST',
      '/v1/experiments',
      definition({
        variants: [
          { key: 'a', modelVersion: 'v1', weight: 0.5 },
          { key: 'a', modelVersion: 'v 2', weight: 0.4 },
        ],
        coverage: 1.5,
      }),
    );
    expect(answer.status).toBe(422);
    const rules = (answer.body.errors as { path: string; rule: string }[]).map(
      (e) => `${e.path}:${e.rule}`,
    );
    expect(rules).toEqual(
      expect.arrayContaining(['variants[1].modelVersion:pattern', 'coverage:maximum']),
    );
    const single = await admin('POST', '/v1/experiments', definition({ variants: [] }));
    expect(single.status).toBe(422);
    const sums = await admin(
      'POST',
      '/v1/experiments',
      definition({
        variants: [
          { key: 'a', modelVersion: 'v1', weight: 0.5 },
          { key: 'a', modelVersion: 'v2', weight: 0.4 },
        ],
      }),
    );
    expect(sums.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'variants[1].key', rule: 'uniqueKey' }),
        expect.objectContaining({ path: 'variants', rule: 'weightsSumToOne' }),
      ]),
    );
    // 0.1 + 0.2 + 0.7 is not exactly 1 in binary, and must still be accepted.
    await create({
      variants: [
        { key: 'a', modelVersion: 'v1', weight: 0.1 },
        { key: 'b', modelVersion: 'v2', weight: 0.2 },
        { key: 'c', modelVersion: 'v3', weight: 0.7 },
      ],
    });
  });

  it('moves through draft -> running <-> paused -> concluded, refusing other moves with 409', async () => {
    const experiment = await create();
    const id = experiment.experimentId;
    const patched = await admin('PATCH', `/v1/experiments/${id}`, { name: 'renamed' });
    expect(patched.body).toMatchObject({ name: 'renamed', version: 2 });

    expect((await admin('POST', `/v1/experiments/${id}/pause`)).status).toBe(409);
    expect((await admin('POST', `/v1/experiments/${id}/start`)).body).toMatchObject({
      state: 'running',
      version: 3,
      startedAt: expect.any(String),
    });
    expect((await admin('POST', `/v1/experiments/${id}/start`)).status).toBe(409);
    // Once running, what it measures is frozen.
    const frozen = await admin('PATCH', `/v1/experiments/${id}`, { minimumDetectableEffect: 0.2 });
    expect(frozen.status).toBe(409);
    expect((await admin('POST', `/v1/experiments/${id}/pause`)).body).toMatchObject({
      state: 'paused',
    });
    expect((await admin('POST', `/v1/experiments/${id}/resume`)).body).toMatchObject({
      state: 'running',
    });
    expect((await admin('POST', `/v1/experiments/${id}/conclude`, {})).body).toMatchObject({
      state: 'concluded',
      endedAt: expect.any(String),
      winner: null,
    });
    expect((await admin('POST', `/v1/experiments/${id}/resume`)).status).toBe(409);
    expect((await admin('POST', `/v1/experiments/${id}/cancel`)).status).toBe(409);
    expect((await admin('PATCH', `/v1/experiments/${id}`, { name: 'late' })).status).toBe(409);

    const draft = await create();
    expect(
      (await admin('POST', `/v1/experiments/${draft.experimentId}/cancel`)).body,
    ).toMatchObject({ state: 'cancelled' });
  });

  it('refuses a stale write with 409 and accepts the current version', async () => {
    const experiment = await create();
    const id = experiment.experimentId;
    const stale = await admin(
      'PATCH',
      `/v1/experiments/${id}`,
      { name: 'x' },
      { 'if-match': '"7"' },
    );
    expect(stale.status).toBe(409);
    const current = await admin(
      'PATCH',
      `/v1/experiments/${id}`,
      { name: 'y' },
      { 'if-match': '"1"' },
    );
    expect(current.body).toMatchObject({ name: 'y', version: 2 });
    // Two writers that both read version 2: exactly one of them wins.
    const [a, b] = await Promise.all([
      admin('POST', `/v1/experiments/${id}/start`, undefined, { 'if-match': '2' }),
      admin('POST', `/v1/experiments/${id}/cancel`, undefined, { 'if-match': '2' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
  });

  it('answers 404 for an unknown id, and another tenant sees none of it', async () => {
    expect((await admin('GET', '/v1/experiments/no-such-experiment')).status).toBe(404);
    expect((await admin('GET', '/v1/experiments/no-such-experiment/results')).status).toBe(404);
    const other = await call(system.url, 'GET', '/v1/experiments/any/assignment?userId=u', {
      key: system.userKey,
    });
    expect(other.status).toBe(404);
    expect((await admin('GET', '/v1/experiments/bad%20id')).status).toBe(404);
    expect((await admin('POST', '/v1/experiments/no-such-experiment/start')).status).toBe(404);
  });
});

describe('assignment', () => {
  it('assigns as GrowthBook v2 does, keeps people when weights change, and records exposures', async () => {
    const experiment = await started({ coverage: 0.8 });
    const id = experiment.experimentId;
    const users = people('sticky', 60);
    const first = new Map<string, Assignment>();
    for (const userId of users) first.set(userId, await assignmentOf(id, userId));

    for (const [userId, assignment] of first) {
      const expected = hashAssignment(
        {
          seed: id,
          coverage: 0.8,
          variants: experiment.variants as { key: string; modelVersion: string; weight: number }[],
        },
        userId,
      );
      if (expected.variant === null) {
        expect(assignment).toEqual({ experimentId: id, inExperiment: false, reason: 'coverage' });
      } else {
        expect(assignment).toEqual({
          experimentId: id,
          inExperiment: true,
          variant: expected.variant,
          modelVersion: expected.variant === 'control' ? 'v1' : 'v2',
        });
      }
    }

    const reweighted = await admin('PATCH', `/v1/experiments/${id}`, {
      variants: [
        { key: 'control', modelVersion: 'v1', weight: 0.05 },
        { key: 'treatment', modelVersion: 'v2', weight: 0.95 },
      ],
      coverage: 1,
    });
    expect(reweighted.status).toBe(200);
    for (const userId of users) expect(await assignmentOf(id, userId)).toEqual(first.get(userId));

    const results = await admin('GET', `/v1/experiments/${id}/results`);
    const exposures = Object.fromEntries(
      (results.body.variants as { key: string; exposures: number }[]).map((v) => [
        v.key,
        v.exposures,
      ]),
    );
    const inVariant = (key: string) => [...first.values()].filter((a) => a.variant === key).length;
    expect(exposures).toEqual({ control: inVariant('control'), treatment: inVariant('treatment') });

    expect((await admin('POST', `/v1/experiments/${id}/pause`)).status).toBe(200);
    expect(await assignmentOf(id, users[0] ?? '')).toEqual({
      experimentId: id,
      inExperiment: false,
      reason: 'notRunning',
    });
  });

  it('never puts a person in two running experiments of one layer', async () => {
    const layer = `layer-${Date.now()}`;
    const a = await started({ layer });
    const b = await started({ layer });
    const other = await started({ layer: `${layer}-other` });
    const users = people('layered', 40);
    const inA = new Set<string>();
    for (const userId of users) {
      const answer = await call<{ assignments: Assignment[] }>(
        system.url,
        'GET',
        `/v1/assignments?userId=${userId}`,
        { key: system.userKey },
      );
      expect(answer.status).toBe(200);
      expect(assignmentsSchema.parse(answer.body)).toBeTruthy();
      const byId = new Map(answer.body.assignments.map((x) => [x.experimentId, x]));
      const inLayer = [a, b].filter((e) => byId.get(e.experimentId)?.inExperiment);
      expect(inLayer).toHaveLength(1);
      expect(byId.get(other.experimentId)?.inExperiment).toBe(true);
      if (byId.get(a.experimentId)?.inExperiment) inA.add(userId);
      else expect(byId.get(a.experimentId)?.reason).toBe('layer');
    }
    // The per-experiment route agrees, and keeps answering the same.
    for (const userId of users.slice(0, 10)) {
      expect((await assignmentOf(a.experimentId, userId)).inExperiment).toBe(inA.has(userId));
      expect((await assignmentOf(b.experimentId, userId)).inExperiment).toBe(!inA.has(userId));
    }
  });

  it('refuses feedback naming another variant than the person was assigned (422)', async () => {
    const experiment = await started();
    const id = experiment.experimentId;
    const assignment = await assignmentOf(id, 'checked-1');
    const wrong = assignment.variant === 'control' ? 'treatment' : 'control';
    const refused = await call(system.url, 'POST', '/v1/feedback', {
      key: system.userKey,
      body: feedback({ userId: 'checked-1', experimentId: id, variant: wrong }),
    });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([
      expect.objectContaining({ path: 'variant', rule: 'matchesAssignment' }),
    ]);
    const accepted = await call(system.url, 'POST', '/v1/feedback', {
      key: system.userKey,
      body: feedback({ userId: 'checked-1', experimentId: id, variant: assignment.variant }),
    });
    expect(accepted.status).toBe(202);
    // Never assigned: taken as stated.
    const unassigned = await call(system.url, 'POST', '/v1/feedback', {
      key: system.userKey,
      body: feedback({ userId: 'never-assigned', experimentId: id, variant: 'treatment' }),
    });
    expect(unassigned.status).toBe(202);
  });
});

describe('results', () => {
  it('answers results before any data, and says to keep running', async () => {
    const experiment = await started();
    const results = await admin('GET', `/v1/experiments/${experiment.experimentId}/results`);
    expect(results.status).toBe(200);
    expect(experimentResultsSchema.parse(results.body)).toBeTruthy();
    expect(results.body).toMatchObject({
      srm: { mismatch: false },
      comparisons: [],
      decision: { action: 'keep-running' },
    });
  });

  it('detects a sample ratio mismatch and says to stop', async () => {
    const experiment = await started();
    const id = experiment.experimentId;
    for (const userId of people('srm', 200)) await assignmentOf(id, userId);
    // The split was 50/50; claiming 90/10 now makes the exposures a mismatch.
    await admin('PATCH', `/v1/experiments/${id}`, {
      variants: [
        { key: 'control', modelVersion: 'v1', weight: 0.9 },
        { key: 'treatment', modelVersion: 'v2', weight: 0.1 },
      ],
    });
    const results = await admin('GET', `/v1/experiments/${id}/results`);
    expect(results.status).toBe(200);
    expect(experimentResultsSchema.parse(results.body)).toBeTruthy();
    expect(results.body.srm).toMatchObject({ mismatch: true });
    expect((results.body.srm as { pValue: number }).pValue).toBeLessThan(0.001);
    expect(results.body.decision).toMatchObject({ action: 'stop-srm' });
  });

  it('compares variants, ships the better one, freezes the results and promotes the winner', async () => {
    expect(
      (await call(system.url, 'GET', '/v1/models/default', { key: system.userKey })).status,
    ).toBe(404);
    const experiment = await started({ guardrails: ['modificationRate'] });
    const id = experiment.experimentId;
    const items: Json[] = [];
    const counts = { control: { n: 0, approved: 0 }, treatment: { n: 0, approved: 0 } };
    for (const userId of people('results', 120)) {
      const assignment = await assignmentOf(id, userId);
      const variant = assignment.variant as 'control' | 'treatment';
      const tally = counts[variant];
      // Control approves 3 proposals in 10, treatment 9 in 10.
      const approved = tally.n % 10 < (variant === 'control' ? 3 : 9);
      tally.n += 1;
      if (approved) tally.approved += 1;
      items.push(
        feedback({
          userId,
          experimentId: id,
          variant,
          modelVersion: assignment.variant === 'control' ? 'v1' : 'v2',
          action: approved ? 'approved' : 'rejected',
        }),
      );
    }
    const submitted = await call(system.url, 'POST', '/v1/feedback/batch', {
      key: system.userKey,
      body: { items },
    });
    expect(submitted.body).toMatchObject({ accepted: 120 });
    await system.emulator.drain();

    const results = await admin('GET', `/v1/experiments/${id}/results`);
    expect(results.status).toBe(200);
    expect(experimentResultsSchema.parse(results.body)).toBeTruthy();
    // Each look is recorded, and the next one starts from it (a running minimum).
    const recorded = await system.db.query(
      'SELECT p_value FROM experiment_always_valid WHERE experiment_id = $1',
      [id],
    );
    const shown = (results.body.comparisons as { alwaysValid: { pValue: number } }[])[0];
    expect(recorded.rows.map((r) => r.p_value)).toEqual([shown?.alwaysValid.pValue]);
    const body = results.body as Json & {
      variants: Json[];
      comparisons: Json[];
      guardrails: Json[];
      power: Json;
      decision: Json;
    };
    expect(body.variants).toEqual([
      expect.objectContaining({
        key: 'control',
        control: true,
        exposures: counts.control.n,
        feedback: counts.control.n,
        approved: counts.control.approved,
        approvalRate: counts.control.approved / counts.control.n,
        modificationRate: 0,
      }),
      expect.objectContaining({
        key: 'treatment',
        control: false,
        exposures: counts.treatment.n,
        feedback: counts.treatment.n,
        approved: counts.treatment.approved,
      }),
    ]);
    expect(body.srm).toMatchObject({ mismatch: false });
    expect(body.comparisons).toHaveLength(1);
    const [comparison] = body.comparisons as {
      variant: string;
      pValue: number;
      pValueAdjusted: number;
      absoluteLift: number;
    }[];
    expect(comparison?.variant).toBe('treatment');
    expect(comparison?.absoluteLift).toBeGreaterThan(0.4);
    expect(comparison?.pValue).toBeLessThan(0.001);
    expect(comparison?.pValueAdjusted).toBeGreaterThanOrEqual(comparison?.pValue ?? 1);
    expect(body.guardrails).toEqual([
      expect.objectContaining({ variant: 'treatment', metric: 'modificationRate', harmed: false }),
    ]);
    expect(body.power).toMatchObject({
      requiredPerVariant: expect.any(Number),
      achievedPower: expect.any(Number),
    });
    expect(body.decision).toMatchObject({ action: 'ship', variant: 'treatment' });

    const concluded = await admin('POST', `/v1/experiments/${id}/conclude`, { promote: true });
    expect(concluded.body).toMatchObject({
      state: 'concluded',
      winner: 'treatment',
      promoted: true,
    });
    const frozen = (concluded.body.finalResults as Json).computedAt;
    const later = await admin('GET', `/v1/experiments/${id}/results`);
    expect(later.body.computedAt).toBe(frozen);
    const defaults = await call(system.url, 'GET', '/v1/models/default', { key: system.userKey });
    expect(defaultModelSchema.parse(defaults.body)).toBeTruthy();
    expect(defaults.body).toMatchObject({ modelVersion: 'v2', experimentId: id });
  });

  it('answers the people needed per variant', async () => {
    const answer = await admin(
      'GET',
      '/v1/experiments/sample-size?baseline=0.2&mde=0.05&alpha=0.05&power=0.8&variants=2',
    );
    expect(answer.status).toBe(200);
    // Evan Miller's calculator answers 1,030 for 20% -> 25%; the unrounded n is 1030.3.
    expect(sampleSizeSchema.parse(answer.body)).toBeTruthy();
    expect(answer.body).toMatchObject({ peoplePerVariant: 1031, totalPeople: 2062 });
    const three = await admin(
      'GET',
      '/v1/experiments/sample-size?baseline=0.2&mde=0.05&variants=3',
    );
    expect(three.body.peoplePerVariant).toBeGreaterThan(1031);
    const bad = await admin('GET', '/v1/experiments/sample-size?baseline=0.99&mde=0.05');
    expect(bad.status).toBe(422);
  });
});
