import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { functionSettingsFrom, passedThroughVariableNames } from '../../../local/function-settings';
import { readLocalConfig } from '../../../local/local-config';

const repo = path.resolve(import.meta.dirname, '..', '..', '..');

describe('LOCAL_STATE_DIR', () => {
  it("defaults to the repository's .local-state", () => {
    expect(readLocalConfig({}).LOCAL_STATE_DIR).toBe(path.join(repo, '.local-state'));
  });

  it('is read as an absolute path, a relative one from the working directory', () => {
    expect(readLocalConfig({ LOCAL_STATE_DIR: '/tmp/rf-state' }).LOCAL_STATE_DIR).toBe(
      '/tmp/rf-state',
    );
    expect(readLocalConfig({ LOCAL_STATE_DIR: 'state' }).LOCAL_STATE_DIR).toBe(
      path.resolve('state'),
    );
  });

  it('fails with its name when empty', () => {
    expect(() => readLocalConfig({ LOCAL_STATE_DIR: '' })).toThrow(/LOCAL_STATE_DIR/);
  });
});

describe("the functions' settings npm start passes through", () => {
  it('passes those set, under the same names, and nothing else of the shell', () => {
    expect(
      functionSettingsFrom({
        RATE_LIMIT_USER_PER_MINUTE: '100000',
        METRICS_CACHE_TTL_SECONDS: '5',
        DRIFT_ALPHA: '0.01',
        REDIS_KEY_PREFIX: 'mine:',
        HOME: '/home/someone',
        PATH: '/usr/bin',
      }),
    ).toEqual({
      RATE_LIMIT_USER_PER_MINUTE: '100000',
      METRICS_CACHE_TTL_SECONDS: '5',
      DRIFT_ALPHA: '0.01',
      REDIS_KEY_PREFIX: 'mine:',
    });
  });

  it('never passes what the template or the emulator sets: queues, tables, stage, secrets, endpoints', () => {
    const settings = functionSettingsFrom({
      STAGE: 'prod',
      AWS_ENDPOINT_URL_SQS: 'http://127.0.0.1:9324',
      AWS_ENDPOINT_URL: 'http://127.0.0.1:4566',
      FEEDBACK_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/1/feedback',
      FEEDBACK_DLQ_URL: 'https://sqs.eu-west-1.amazonaws.com/1/dlq',
      RETRAIN_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/1/retrain',
      IDEMPOTENCY_TABLE_NAME: 'other',
      EXPERIMENTS_TABLE_NAME: 'other',
      DATABASE_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:1:secret:x',
      CURSOR_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:1:secret:y',
      CURSOR_SIGNING_KEY: 'k'.repeat(43),
      DATABASE_URL: 'postgres://elsewhere/db',
      REDIS_URL: 'redis://elsewhere:6379',
    });
    expect(settings).toEqual({});
  });

  it('covers every other variable of the functions, a new one included without a change here', () => {
    expect(passedThroughVariableNames).toEqual(
      expect.arrayContaining([
        'DATABASE_POOL_MAX',
        'REDIS_KEY_PREFIX',
        'METRICS_CACHE_TTL_SECONDS',
        'OUTBOX_SWEEP_MIN_AGE_SECONDS',
        'RATE_LIMIT_USER_PER_MINUTE',
        'RATE_LIMIT_METRICS_PER_MINUTE',
        'RATE_LIMIT_ADMIN_PER_MINUTE',
        'PREFERENCE_MIN_EVIDENCE',
        'RETRAIN_FEEDBACK_THRESHOLD',
        'DRIFT_CHECK_EVERY',
      ]),
    );
    expect(passedThroughVariableNames.filter((name) => /URL$|ARN$|TABLE_NAME$/.test(name))).toEqual(
      [],
    );
  });

  it("checks values with the functions' schema, naming the variable", () => {
    expect(() => functionSettingsFrom({ RATE_LIMIT_USER_PER_MINUTE: 'lots' })).toThrow(
      /RATE_LIMIT_USER_PER_MINUTE: /,
    );
    expect(() => functionSettingsFrom({ DATABASE_POOL_MAX: '0', DRIFT_ALPHA: '0.7' })).toThrow(
      /DATABASE_POOL_MAX: .*; DRIFT_ALPHA: /,
    );
  });
});

describe('EMULATOR_TRACES', () => {
  it('logs the functions’ trace segments only when set to 1', () => {
    expect(readLocalConfig({}).EMULATOR_TRACES).toBe(false);
    expect(readLocalConfig({ EMULATOR_TRACES: '0' }).EMULATOR_TRACES).toBe(false);
    expect(readLocalConfig({ EMULATOR_TRACES: '1' }).EMULATOR_TRACES).toBe(true);
  });

  it('refuses another value, naming the variable', () => {
    expect(() => readLocalConfig({ EMULATOR_TRACES: 'yes' })).toThrow(/EMULATOR_TRACES/);
  });
});
