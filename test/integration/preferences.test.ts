import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../local/api-keys';
import { call, feedback } from './support/client';
import { testSqsClient } from './support/sqs';
import { startSystem, type TestSystem } from './support/system';

let system: TestSystem;
let otherTenantKey: string;
let sqs: SQSClient;

beforeAll(async () => {
  system = await startSystem('preferences', {
    environment: { RATE_LIMIT_USER_PER_MINUTE: '1000', RATE_LIMIT_METRICS_PER_MINUTE: '1000' },
  });
  sqs = testSqsClient(system.emulator);
  otherTenantKey = (await createApiKey(system.databaseUrl, 'user', { tenantId: 'tenant-b' })).key;
});
afterAll(async () => {
  sqs?.destroy();
  await system?.stop();
});

// How "ana" renames: lower_snake, ISO date first, without "final".
const ANA_EDITS: Array<[string, string]> = [
  ['Beach Trip Final 06-01-2024.JPG', '2024-06-01_beach_trip.JPG'],
  ['Team-Notes-Final-20230215.txt', '2023-02-15_team_notes.txt'],
  ['TAX RETURN 01.03.2022 final.pdf', '2022-03-01_tax_return.pdf'],
  ['Summer.Party.Final.2021_07_04.png', '2021-07-04_summer_party.png'],
];

const preferencesOf = (userId: string, key = system.userKey) =>
  call(system.url, 'GET', `/v1/users/${encodeURIComponent(userId)}/preferences`, { key });
const apply = (userId: string, filename: unknown, key = system.userKey) =>
  call(system.url, 'POST', `/v1/users/${encodeURIComponent(userId)}/preferences/apply`, {
    key,
    body: { filename },
  });

describe('naming preferences', () => {
  it('learns a person’s conventions from their modifications and rewrites new proposals', async () => {
    const userId = 'ana@example.com/ü';
    const answer = await call(system.url, 'POST', '/v1/feedback/batch', {
      key: system.userKey,
      body: {
        items: ANA_EDITS.map(([proposedFilename, userFilename]) =>
          feedback({ userId, proposedFilename, userFilename, action: 'modified' }),
        ),
      },
    });
    expect(answer.status).toBe(202);
    await system.emulator.drain();

    const learned = await preferencesOf(userId);
    expect(learned.status).toBe(200);
    expect(learned.body).toMatchObject({
      userId,
      minEvidence: 3,
      observations: { separator: 4, case: 4, dateFormat: 4, datePosition: 4, tokens: 4 },
    });
    expect(learned.body.rules).toEqual(
      expect.arrayContaining([
        {
          dimension: 'separator',
          value: 'underscore',
          support: 4,
          contradictions: 0,
          confidence: 1,
          applies: true,
        },
        {
          dimension: 'case',
          value: 'lower',
          support: 4,
          contradictions: 0,
          confidence: 1,
          applies: true,
        },
        {
          dimension: 'dateFormat',
          value: 'YYYY-MM-DD',
          support: 4,
          contradictions: 0,
          confidence: 1,
          applies: true,
        },
        {
          dimension: 'datePosition',
          value: 'prefix',
          support: 4,
          contradictions: 0,
          confidence: 1,
          applies: true,
        },
        {
          dimension: 'removeToken',
          value: 'final',
          support: 4,
          contradictions: 0,
          confidence: 1,
          applies: true,
        },
      ]),
    );

    const rewritten = await apply(userId, 'Kitchen Plan FINAL 12-24-2024.png');
    expect(rewritten.status).toBe(200);
    expect(rewritten.body).toMatchObject({
      userId,
      original: 'Kitchen Plan FINAL 12-24-2024.png',
      filename: '2024-12-24_kitchen_plan.png',
      changed: true,
    });
    expect(
      (rewritten.body.appliedRules as Array<{ dimension: string }>).map((r) => r.dimension),
    ).toEqual(['removeToken', 'datePosition', 'dateFormat', 'case', 'separator']);
  });

  it('learns each decision once, however often its message is delivered', async () => {
    const userId = 'redelivered';
    const body = feedback({
      userId,
      proposedFilename: 'a b.jpg',
      userFilename: 'a_b.jpg',
      action: 'modified',
    });
    const submitted = await call(system.url, 'POST', '/v1/feedback', { key: system.userKey, body });
    await system.emulator.drain();
    // The same message again, as SQS may deliver it: nothing more is learned.
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: system.emulator.queueUrl('FeedbackQueue'),
        MessageBody: JSON.stringify({ feedbackId: submitted.body.id, tenantId: 'default' }),
      }),
    );
    await system.emulator.drain();
    const learned = await preferencesOf(userId);
    expect(learned.body.observations).toEqual({
      case: 1,
      extensionCase: 1,
      separator: 1,
      tokens: 1,
    });
    expect(learned.body.rules).toEqual([
      expect.objectContaining({ dimension: 'separator', value: 'underscore', support: 1 }),
      expect.objectContaining({ dimension: 'case', value: 'unchanged', support: 1 }),
      expect.objectContaining({ dimension: 'extensionCase', value: 'unchanged', support: 1 }),
    ]);
  });

  it('shows nothing of a person to another person or another tenant', async () => {
    expect((await preferencesOf('someone-else')).body).toMatchObject({
      rules: [],
      observations: {},
    });
    const other = await apply('someone-else', 'Kitchen Plan FINAL 12-24-2024.png');
    expect(other.body).toMatchObject({
      filename: 'Kitchen Plan FINAL 12-24-2024.png',
      changed: false,
      appliedRules: [],
    });
    const userId = 'ana@example.com/ü';
    expect((await preferencesOf(userId, otherTenantKey)).body).toMatchObject({ rules: [] });
    expect(
      (await apply(userId, 'Kitchen Plan FINAL 12-24-2024.png', otherTenantKey)).body,
    ).toMatchObject({
      changed: false,
    });
  });

  it("rewrites a newcomer's names with the tenant's shared habits once three people share them", async () => {
    const edits = ['x y.md', 'red blue.md', 'one two.md'].map((name) => [
      name,
      name.replace(' ', '-'),
    ]);
    const items = ['team-1', 'team-2', 'team-3'].flatMap((userId) =>
      edits.map(([proposedFilename, userFilename]) =>
        feedback({ userId, proposedFilename, userFilename, action: 'modified' }),
      ),
    );
    // A tenant of its own: in the default tenant, other people's habits differ.
    const teamKey = (await createApiKey(system.databaseUrl, 'user', { tenantId: 'team' })).key;
    await call(system.url, 'POST', '/v1/feedback/batch', { key: teamKey, body: { items } });
    await system.emulator.drain();
    const applied = await apply('team-newcomer', 'big plan.md', teamKey);
    expect(applied.body).toMatchObject({ filename: 'big-plan.md', changed: true });
    expect(applied.body.appliedRules).toEqual([
      expect.objectContaining({ dimension: 'separator', value: 'hyphen', source: 'tenant' }),
    ]);
    // The other tenant has no such habit.
    expect((await apply('team-newcomer', 'big plan.md', otherTenantKey)).body).toMatchObject({
      changed: false,
    });
  });

  it('refuses a bad user id or file name with the rule it broke', async () => {
    const tooLong = await preferencesOf('x'.repeat(129));
    expect(tooLong.status).toBe(422);
    expect(tooLong.body.errors).toEqual([
      expect.objectContaining({ path: 'userId', rule: 'maxLength' }),
    ]);
    const badName = await apply('ana', 'dir/name.txt');
    expect(badName.status).toBe(422);
    expect(badName.body.errors).toEqual([
      expect.objectContaining({ path: 'filename', rule: 'noPathSeparators' }),
    ]);
    const unknownField = await call(system.url, 'POST', '/v1/users/ana/preferences/apply', {
      key: system.userKey,
      body: { filename: 'a.txt', extra: 1 },
    });
    expect(unknownField.status).toBe(422);
  });
});
