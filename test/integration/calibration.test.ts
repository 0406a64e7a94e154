import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  calibrateResultSchema,
  calibrationReportSchema,
} from '#core/contract/calibration-contract';
import { createApiKey } from '../../local/api-keys';
import { call, feedback } from './support/client';
import { startSystem, type TestSystem } from './support/system';

let system: TestSystem;
let otherTenantKey: string;

beforeAll(async () => {
  system = await startSystem('calibration', {
    environment: { RATE_LIMIT_USER_PER_MINUTE: '1000', RATE_LIMIT_METRICS_PER_MINUTE: '1000' },
  });
  otherTenantKey = (await createApiKey(system.databaseUrl, 'user', { tenantId: 'tenant-b' })).key;
});
afterAll(async () => {
  await system?.stop();
});

/** Confidences 0.05, 0.15, ..., 0.95: each the centre of its reliability bin. */
const CONFIDENCES = Array.from({ length: 10 }, (_, k) => (10 * k + 5) / 100);
/** Per confidence, 50 decisions of which round(50·c²) approved: a model overconfident as c². */
const PER_CONFIDENCE = 50;
const approvedAt = (c: number) => Math.round(PER_CONFIDENCE * c * c);

/** The decisions, the non-approvals alternating rejected and modified (neither is approval). */
function miscalibratedItems(modelVersion: string) {
  return CONFIDENCES.flatMap((confidence) =>
    Array.from({ length: PER_CONFIDENCE }, (_, i) => {
      if (i < approvedAt(confidence)) return feedback({ modelVersion, confidence });
      return i % 2 === 0
        ? feedback({ modelVersion, confidence, action: 'rejected' })
        : feedback({ modelVersion, confidence, action: 'modified', userFilename: 'mine.jpg' });
    }),
  );
}

async function submit(key: string, items: Record<string, unknown>[]) {
  const answer = await call(system.url, 'POST', '/v1/feedback/batch', { key, body: { items } });
  expect(answer.status).toBe(202);
  return answer.body;
}

const calibration = (modelVersion: string, query = '', key = system.userKey) =>
  call(system.url, 'GET', `/v1/models/${modelVersion}/calibration${query}`, { key });

const calibrate = (modelVersion: string, body: unknown, key = system.userKey) =>
  call(system.url, 'POST', `/v1/models/${modelVersion}/calibrate`, { key, body });

describe('confidence calibration through the API', () => {
  const items = miscalibratedItems('cal-1');

  it('learns submitted feedback and reports calibration, raw and calibrated', async () => {
    await submit(system.userKey, items);
    await system.emulator.drain();

    const answer = await calibration('cal-1');
    expect(answer.status).toBe(200);
    const report = calibrationReportSchema.parse(answer.body);
    expect(report).toMatchObject({ modelVersion: 'cal-1', samples: 500, target: 0.95 });

    // Expected figures, computed here from the decisions themselves.
    const rate = (c: number) => approvedAt(c) / PER_CONFIDENCE;
    const rawEce = CONFIDENCES.reduce((s, c) => s + Math.abs(c - rate(c)), 0) / 10;
    const rawBrier =
      CONFIDENCES.reduce((s, c) => s + rate(c) * (1 - c) ** 2 + (1 - rate(c)) * c ** 2, 0) / 10;
    // The approval rates rise with the confidence, so isotonic regression keeps each
    // group: the calibrated value at c is its rate, and the calibrated Brier score is the
    // variance left within the groups.
    const calibratedBrier = CONFIDENCES.reduce((s, c) => s + rate(c) * (1 - rate(c)), 0) / 10;
    expect(report.ece.raw).toBeCloseTo(rawEce, 5);
    expect(report.ece.calibrated).toBeCloseTo(0, 5);
    expect(report.brier.raw).toBeCloseTo(rawBrier, 5);
    expect(report.brier.calibrated).toBeCloseTo(calibratedBrier, 5);

    expect(report.bins).toHaveLength(10);
    report.bins.forEach((bin, k) => {
      const c = CONFIDENCES[k] ?? 0;
      expect(bin.lo).toBeCloseTo(k / 10, 12);
      expect(bin.hi).toBeCloseTo((k + 1) / 10, 12);
      expect(bin.count).toBe(PER_CONFIDENCE);
      expect(bin.meanConfidence).toBeCloseTo(c, 6);
      expect(bin.approvalRate).toBeCloseTo(rate(c), 6);
      expect(bin.meanCalibrated).toBeCloseTo(rate(c), 6);
    });
    // The highest rate is 45/50 = 0.9: no confidence reaches 0.95.
    expect(report.autoApplyThreshold).toBeNull();
  });

  it('finds the auto-apply threshold for a target: where the curve reaches it', async () => {
    const report = calibrationReportSchema.parse((await calibration('cal-1', '?target=0.8')).body);
    // Between (0.85, 36/50 = 0.72) and (0.95, 45/50 = 0.9): 0.85 + 0.1 × 0.08/0.18,
    // rounded up to 4 decimals.
    expect(report.target).toBe(0.8);
    expect(report.autoApplyThreshold).toBe(0.8945);
  });

  it('calibrates confidences through the learned curve, monotone in the input', async () => {
    const answer = await calibrate('cal-1', { confidences: [1, 0, 0.05, 0.5, 0.9, 0.93] });
    expect(answer.status).toBe(200);
    const { calibrated } = calibrateResultSchema.parse(answer.body);
    const expected = [0.9, 0, 0, 0.25, 0.81, 0.864];
    calibrated.forEach((value, i) => {
      expect(value).toBeCloseTo(expected[i] ?? -1, 6);
    });
    const grid = Array.from({ length: 101 }, (_, i) => i / 100);
    const curve = calibrateResultSchema.parse(
      (await calibrate('cal-1', { confidences: grid })).body,
    ).calibrated;
    for (let i = 1; i < curve.length; i += 1) {
      expect(curve[i]).toBeGreaterThanOrEqual(curve[i - 1] ?? 0);
    }
  });

  it('learns each decision once, and shows new feedback in the next read', async () => {
    // The same decisions again are duplicates: nothing more is learned.
    const again = await submit(system.userKey, items);
    expect(again).toMatchObject({ accepted: 0, duplicates: 500 });
    await system.emulator.drain();
    expect(calibrationReportSchema.parse((await calibration('cal-1')).body).samples).toBe(500);

    // Ten more decisions at 0.99, all approved: the (cached) answer moves at once.
    await submit(
      system.userKey,
      Array.from({ length: 10 }, () => feedback({ modelVersion: 'cal-1', confidence: 0.99 })),
    );
    await system.emulator.drain();
    const report = calibrationReportSchema.parse((await calibration('cal-1')).body);
    expect(report.samples).toBe(510);
    expect(report.bins[9]?.count).toBe(60);
    // The top of the curve is now 1: the threshold for 0.95 lies between 0.95 and 0.99.
    expect(report.autoApplyThreshold).toBeGreaterThan(0.95);
    expect(report.autoApplyThreshold).toBeLessThan(0.99);
  });

  it("keeps each tenant to its own calibration: another tenant's model is absent", async () => {
    expect((await calibration('cal-1', '', otherTenantKey)).status).toBe(404);
    expect((await calibrate('cal-1', { confidences: [0.5] }, otherTenantKey)).status).toBe(404);

    await submit(otherTenantKey, [
      feedback({ modelVersion: 'cal-1', confidence: 0.3, action: 'rejected' }),
      feedback({ modelVersion: 'cal-1', confidence: 0.7 }),
    ]);
    await system.emulator.drain();
    const theirs = calibrationReportSchema.parse(
      (await calibration('cal-1', '', otherTenantKey)).body,
    );
    expect(theirs.samples).toBe(2);
    const ours = calibrationReportSchema.parse((await calibration('cal-1')).body);
    expect(ours.samples).toBe(510);
  });

  it('answers 404 for a model version with no learned feedback', async () => {
    const answer = await calibration('never-seen');
    expect(answer.status).toBe(404);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    expect((await calibrate('never-seen', { confidences: [0.5] })).status).toBe(404);
  });

  it('refuses bad input with the field and the rule it broke', async () => {
    const outOfRange = await calibrate('cal-1', { confidences: [0.5, 1.5, -0.1, 'x'] });
    expect(outOfRange.status).toBe(422);
    expect(outOfRange.body.errors).toEqual([
      expect.objectContaining({ path: 'confidences[1]', rule: 'maximum' }),
      expect.objectContaining({ path: 'confidences[2]', rule: 'minimum' }),
      expect.objectContaining({ path: 'confidences[3]', rule: 'type' }),
    ]);

    const tooMany = await calibrate('cal-1', { confidences: Array(10_001).fill(0.5) });
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.errors).toEqual([
      expect.objectContaining({ path: 'confidences', rule: 'maxItems' }),
    ]);

    const unknownField = await calibrate('cal-1', { confidences: [0.5], extra: 1 });
    expect(unknownField.status).toBe(422);
    expect(unknownField.body.errors).toEqual([
      expect.objectContaining({ path: 'extra', rule: 'unknownField' }),
    ]);

    for (const target of ['1.5', '0', 'abc']) {
      const answer = await calibration('cal-1', `?target=${target}`);
      expect(answer.status, `target=${target}`).toBe(422);
      expect(answer.body.errors).toEqual([expect.objectContaining({ path: 'target' })]);
    }
    expect((await calibration('cal-1', '?since=yesterday')).status).toBe(422);

    const badVersion = await calibration(`${'v'.repeat(51)}`);
    expect(badVersion.status).toBe(422);
    expect(badVersion.body.errors).toEqual([
      expect.objectContaining({ path: 'modelVersion', rule: 'pattern' }),
    ]);
  });
});
