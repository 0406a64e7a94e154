import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  configurationProblems,
  contextKeyOf,
  functionSettingNames,
  readEnvironment,
} from '#config';
import { createApp } from '../../../lib/create-app';
import { RESERVED_CONCURRENCY } from '../../../lib/rename-feedback-stack';

const SYNTH_TIMEOUT_MS = 60_000;
// Only the template is read here, not the bundles: no esbuild for every function.
const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };

const root = mkdtempSync(path.join(tmpdir(), 'rename-feedback-settings-'));

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

/** A config directory holding `<stage>.json` for each stage given. */
function configDirWith(files: Record<string, unknown>): string {
  const dir = mkdtempSync(path.join(root, 'config-'));
  for (const [stage, content] of Object.entries(files)) {
    writeFileSync(path.join(dir, `${stage}.json`), JSON.stringify(content));
  }
  return dir;
}

function build(context: Record<string, unknown>, configDir = configDirWith({})) {
  const outdir = mkdtempSync(path.join(root, 'cdk.out-'));
  return createApp({ outdir, configDir, context: { ...NO_BUNDLING, ...context } });
}

/** The environments of the service's functions: those that run with the stack's stage. */
function functionEnvironments(template: Template): Record<string, unknown>[] {
  const environments = Object.values(template.findResources('AWS::Lambda::Function'))
    .map((fn) => (fn.Properties?.Environment?.Variables ?? {}) as Record<string, unknown>)
    .filter((environment) => environment.STAGE !== undefined);
  expect(environments).toHaveLength(Object.keys(RESERVED_CONCURRENCY).length);
  return environments;
}

describe('function settings given to a deploy', () => {
  let environments: Record<string, unknown>[];
  beforeAll(() => {
    const configDir = configDirWith({
      dev: { rateLimitUserPerMinute: 500, metricsCacheTtlSeconds: 5 },
      prod: { redisKeyPrefix: 'prod:' },
    });
    const { stack } = build(
      { stage: 'dev', rateLimitUserPerMinute: '1000', driftAlpha: '0.01' },
      configDir,
    );
    environments = functionEnvironments(Template.fromStack(stack));
  }, SYNTH_TIMEOUT_MS);

  it('gives a context value to every function, under the variable name', () => {
    for (const environment of environments) {
      expect(environment.DRIFT_ALPHA).toBe('0.01');
    }
  });

  it("gives a value of the stage's config file to every function, as a string", () => {
    for (const environment of environments) {
      expect(environment.METRICS_CACHE_TTL_SECONDS).toBe('5');
    }
  });

  it('takes a context value over the config file', () => {
    for (const environment of environments) {
      expect(environment.RATE_LIMIT_USER_PER_MINUTE).toBe('1000');
    }
  });

  it("writes only the settings given, from that stage's file only: defaults stay in the schema", () => {
    for (const environment of environments) {
      const settings = Object.keys(environment).filter((name) =>
        functionSettingNames.includes(name as never),
      );
      expect(settings.sort()).toEqual([
        'DRIFT_ALPHA',
        'METRICS_CACHE_TTL_SECONDS',
        'RATE_LIMIT_USER_PER_MINUTE',
      ]);
    }
  });
});

describe('a function setting the deploy refuses', () => {
  it('fails on a bad context value, naming its key, its variable and the rule', () => {
    expect(() => build({ stage: 'dev', rateLimitUserPerMinute: '0' })).toThrow(
      'rateLimitUserPerMinute (RATE_LIMIT_USER_PER_MINUTE) from -c rateLimitUserPerMinute: Too small: expected number to be >=1',
    );
  });

  it('fails on a bad value in the config file, naming the file, and on every bad value at once', () => {
    const configDir = configDirWith({ prod: { driftAlpha: 0.7, databasePoolMax: 'many' } });
    const synth = () => build({ stage: 'prod' }, configDir);
    expect(synth).toThrow(
      /driftAlpha \(DRIFT_ALPHA\) from .*prod\.json: Too big: expected number to be <0\.5/,
    );
    expect(synth).toThrow(/databasePoolMax \(DATABASE_POOL_MAX\) from .*prod\.json: /);
  });

  it.each([
    ['feedbackQueueUrl', 'FEEDBACK_QUEUE_URL', 'https://sqs.eu-west-1.amazonaws.com/1/other'],
    ['databaseUrl', 'DATABASE_URL', 'postgres://elsewhere/db'],
    ['idempotencyTableName', 'IDEMPOTENCY_TABLE_NAME', 'other'],
    ['cursorSigningKey', 'CURSOR_SIGNING_KEY', 'k'.repeat(43)],
    ['awsEndpointUrlSqs', 'AWS_ENDPOINT_URL_SQS', 'http://127.0.0.1:9324'],
  ])('refuses %s, which the stack sets, as context and in the file', (key, name, value) => {
    const owned = `${key} (${name}) from`;
    expect(() => build({ stage: 'dev', [key]: value })).toThrow(
      `${owned} -c ${key}: set by the stack`,
    );
    expect(() => build({ stage: 'dev' }, configDirWith({ dev: { [key]: value } }))).toThrow(
      /set by the stack/,
    );
  });

  it('refuses a key of the config file that is no setting, and a variable name as context key', () => {
    const typo = configDirWith({ dev: { rateLimitUserPerMinut: 500 } });
    expect(() => build({ stage: 'dev' }, typo)).toThrow(
      /rateLimitUserPerMinut from .*dev\.json: not a function setting/,
    );
    expect(() => build({ stage: 'dev', RATE_LIMIT_USER_PER_MINUTE: '500' })).toThrow(
      'use -c rateLimitUserPerMinute',
    );
  });
});

/**
 * The rows of docs/operations.md's table of function settings (Configuration): variable,
 * context key, default, rule.
 */
function readmeSettingRows(): string[][] {
  const readme = readFileSync(
    path.resolve(import.meta.dirname, '../../../docs/operations.md'),
    'utf8',
  );
  const section = readme.split(/^## /m).find((part) => part.startsWith('Configuration\n')) ?? '';
  const lines = section.split('\n');
  const header = lines.findIndex(
    (line) => line.startsWith('| setting') && line.includes('context'),
  );
  expect(header).toBeGreaterThan(-1);
  const rows: string[][] = [];
  for (const line of lines.slice(header + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(line.split(' | ').map((cell) => cell.replace(/^\| |`/g, '').trim()));
  }
  return rows;
}

/**
 * Probes the schema at each bound docs/operations.md states: at it and just past it. A stated type
 * `integer` must refuse a fraction; an unstated bound must not exist.
 */
function expectRuleHolds(name: string, rule: string) {
  const accepts = (value: number | string) =>
    configurationProblems({ [name]: String(value) }).length === 0;
  if (rule === 'text') {
    expect(accepts('any text')).toBe(true);
    return;
  }
  // `a or b`: exactly the words stated.
  const choices = /^([\w-]+) or ([\w-]+)$/.exec(rule);
  if (choices) {
    for (const choice of choices.slice(1)) expect(accepts(choice), `${name} ${choice}`).toBe(true);
    expect(accepts('yes'), `${name} yes`).toBe(false);
    return;
  }
  const integer = rule.startsWith('integer');
  const step = integer ? 1 : 1e-9;
  const bounds = [...rule.matchAll(/(≥|>|≤|<) (-?[\d.]+)/g)].map(
    ([, op, at]) => [op, Number(at)] as const,
  );
  expect(bounds.length, `${name}: no bound in "${rule}"`).toBeGreaterThan(0);
  for (const [op, at] of bounds) {
    const atAndPast = [accepts(at), accepts(op === '≥' || op === '<' ? at - step : at + step)];
    expect(atAndPast, `${name} ${op} ${at}`).toEqual(
      op === '≥' || op === '≤' ? [true, false] : [false, true],
    );
  }
  if (!bounds.some(([op]) => op === '≤' || op === '<')) expect(accepts(1e12), name).toBe(true);
  if (!bounds.some(([op]) => op === '≥' || op === '>')) expect(accepts(-1e12), name).toBe(true);
  if (integer) expect(accepts((bounds[0]?.[1] ?? 0) + 1.5), name).toBe(false);
}

describe("docs/operations.md's table of function settings", () => {
  const rows = readmeSettingRows();

  it('lists exactly the settings of the schema', () => {
    expect(rows.map(([name]) => name).sort()).toEqual([...functionSettingNames].sort());
  });

  it("states each one's context key and default as the schema has them", () => {
    const defaults = readEnvironment({});
    for (const [name = '', key, stated] of rows) {
      expect(key, name).toBe(contextKeyOf(name));
      expect(stated, name).toBe(String(defaults[name as keyof typeof defaults]));
    }
  });

  it("states each one's rule as the schema checks it", () => {
    for (const [name = '', , , rule = ''] of rows) expectRuleHolds(name, rule);
  });
});
