import { beforeAll, describe, expect, it } from 'vitest';
import { calibrationReportSchema } from '#core/contract/calibration-contract';
import { learningStatusSchema } from '#core/contract/learning-contract';
import { preferencesReportSchema } from '#core/contract/preferences-contract';
import { call, feedback, learned } from './support/http';
import { runName } from './support/target';

const modelVersion = runName('learn');
const person = runName('ana');

// How this person renames: lower_snake, ISO date first, without "final".
const EDITS: Array<[string, string]> = [
  ['Beach Trip Final 06-01-2024.JPG', '2024-06-01_beach_trip.JPG'],
  ['Team-Notes-Final-20230215.txt', '2023-02-15_team_notes.txt'],
  ['TAX RETURN 01.03.2022 final.pdf', '2022-03-01_tax_return.pdf'],
  ['Summer.Party.Final.2021_07_04.png', '2021-07-04_summer_party.png'],
];
const APPROVALS = 4;
const SENT = EDITS.length + APPROVALS;

beforeAll(async () => {
  const items = [
    ...EDITS.map(([proposedFilename, userFilename]) =>
      feedback({
        modelVersion,
        userId: person,
        proposedFilename,
        userFilename,
        action: 'modified',
        confidence: 0.4,
      }),
    ),
    ...Array.from({ length: APPROVALS }, () => feedback({ modelVersion, confidence: 0.95 })),
  ];
  const answer = await call('user', 'POST', '/v1/feedback/batch', { body: { items } });
  expect(answer.body).toMatchObject({ accepted: SENT });
  await learned(modelVersion, SENT);
});

describe('what learning made, read through the API', () => {
  it('counts every decision in the metrics', async () => {
    const metrics = await call(
      'user',
      'GET',
      `/v1/metrics?modelVersion=${encodeURIComponent(modelVersion)}`,
    );
    expect(metrics.body).toMatchObject({
      total: SENT,
      approved: APPROVALS,
      modified: EDITS.length,
      approvalRate: APPROVALS / SENT,
    });
  });

  it('lists the model version in the learning status', async () => {
    const status = await call('admin', 'GET', '/v1/learning/status');
    expect(status.status).toBe(200);
    const parsed = learningStatusSchema.parse(status.body);
    expect(parsed.modelVersions.find((m) => m.modelVersion === modelVersion)).toMatchObject({
      feedbackSinceLastJob: SENT,
      jobs: [],
    });
  });

  it('reads the calibration of the model version and maps confidences through it', async () => {
    const path = `/v1/models/${encodeURIComponent(modelVersion)}/calibration`;
    const calibration = await call('user', 'GET', path);
    expect(calibration.status).toBe(200);
    expect(calibrationReportSchema.parse(calibration.body)).toMatchObject({ samples: SENT });
    const mapped = await call(
      'user',
      'POST',
      `/v1/models/${encodeURIComponent(modelVersion)}/calibrate`,
      { body: { confidences: [0.4, 0.95] } },
    );
    expect(mapped.status).toBe(200);
    const [low, high] = mapped.body.calibrated as number[];
    // Every 0.4 was modified and every 0.95 approved.
    expect(low).toBe(0);
    expect(high).toBe(1);
  });

  it("reads the person's naming preferences and applies them to a new name", async () => {
    const userPath = `/v1/users/${encodeURIComponent(person)}/preferences`;
    const preferences = await call('user', 'GET', userPath);
    expect(preferences.status).toBe(200);
    const rules = preferencesReportSchema.parse(preferences.body).rules;
    expect(rules).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ dimension: 'separator', value: 'underscore', applies: true }),
        expect.objectContaining({ dimension: 'removeToken', value: 'final', applies: true }),
      ]),
    );
    const applied = await call('user', 'POST', `${userPath}/apply`, {
      body: { filename: 'Kitchen Plan FINAL 12-24-2024.png' },
    });
    expect(applied.status).toBe(200);
    expect(applied.body).toMatchObject({ filename: '2024-12-24_kitchen_plan.png', changed: true });
  });
});
