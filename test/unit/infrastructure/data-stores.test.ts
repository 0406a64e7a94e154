import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RDS_CA_BUNDLE, USABLE_CONNECTIONS } from '../../../lib/constructs/data-stores';
import { createApp } from '../../../lib/create-app';
import { RESERVED_CONCURRENCY } from '../../../lib/rename-feedback-stack';

/** Synthesis bundles the functions with esbuild: a few seconds per stage. */
const SYNTH_TIMEOUT_MS = 120_000;
/** functions/config.ts's default, when a stage's settings give none. */
const DEFAULT_POOL_MAX = 2;
/** The migrations function holds one connection while a deploy runs. */
const MIGRATION_CONNECTIONS = 1;
/** Operators' psql sessions, RDS's own monitoring, a redrive while a deploy swaps versions. */
const HEADROOM = 20;

const root = mkdtempSync(path.join(tmpdir(), 'rename-feedback-data-stores-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

type Resource = { Properties: Record<string, unknown>; DeletionPolicy?: string };

function synthesize(stage: string): Template {
  const outdir = mkdtempSync(path.join(root, 'cdk.out-'));
  return Template.fromStack(createApp({ outdir, context: { stage } }).stack);
}

function resources(template: Template, type: string): [string, Resource][] {
  return Object.entries(template.findResources(type) as Record<string, Resource>);
}

function database(template: Template): Resource {
  const [found] = resources(template, 'AWS::RDS::DBInstance');
  if (!found) throw new Error('No database');
  return found[1];
}

describe.each([
  ['dev', { retention: 7, production: false }],
  ['prod', { retention: 14, production: true }],
])('data stores of %s', (stage, expected) => {
  let template: Template;
  beforeAll(() => {
    template = synthesize(stage);
  }, SYNTH_TIMEOUT_MS);

  it(`keeps ${expected.retention} days of database backups`, () => {
    expect(database(template).Properties.BackupRetentionPeriod).toBe(expected.retention);
  });

  it(`${expected.production ? 'runs' : 'skips'} Multi-AZ, deletion protection and Performance Insights`, () => {
    expect(database(template).Properties).toMatchObject({
      MultiAZ: expected.production,
      DeletionProtection: expected.production,
      EnablePerformanceInsights: expected.production,
    });
  });

  it(`${expected.production ? 'retains' : 'deletes'} the database secret with the stack`, () => {
    const secrets = resources(template, 'AWS::SecretsManager::Secret').filter(([id]) =>
      id.includes('DataPostgresSecret'),
    );
    expect(secrets).toHaveLength(1);
    expect(secrets[0]?.[1].DeletionPolicy).toBe(expected.production ? 'Retain' : 'Delete');
  });

  it('refuses plain connections to PostgreSQL, and gives the functions the RDS CA bundle', () => {
    const [, parameters] = resources(template, 'AWS::RDS::DBParameterGroup')[0] ?? [];
    expect(parameters?.Properties.Parameters).toEqual({ 'rds.force_ssl': '1' });
    const functions = resources(template, 'AWS::Lambda::Function').filter(
      ([, fn]) =>
        'DATABASE_SECRET_ARN' in
        ((fn.Properties.Environment as { Variables?: object } | undefined)?.Variables ?? {}),
    );
    expect(functions.length).toBeGreaterThanOrEqual(8);
    for (const [, fn] of functions) {
      expect(fn.Properties.Environment).toMatchObject({
        Variables: { NODE_EXTRA_CA_CERTS: RDS_CA_BUNDLE },
      });
    }
  });

  it('recovers both DynamoDB tables to any point in time', () => {
    const tables = resources(template, 'AWS::DynamoDB::Table');
    expect(tables).toHaveLength(2);
    for (const [, table] of tables) {
      expect(table.Properties.PointInTimeRecoverySpecification).toEqual({
        PointInTimeRecoveryEnabled: true,
      });
    }
  });
});

describe('connection budget (prod)', () => {
  let template: Template;
  beforeAll(() => {
    template = synthesize('prod');
  }, SYNTH_TIMEOUT_MS);

  it('keeps reserved instances × pool, the migrations and headroom under the instance class', () => {
    const functions = resources(template, 'AWS::Lambda::Function').filter(([id]) =>
      Object.hasOwn(RESERVED_CONCURRENCY, id.replace(/[0-9A-F]{8}$/, '')),
    );
    expect(functions).toHaveLength(Object.keys(RESERVED_CONCURRENCY).length);
    const demand = functions.reduce((sum, [, fn]) => {
      const reserved = fn.Properties.ReservedConcurrentExecutions;
      // Unbounded instances have no budget: prod must reserve every function.
      expect(reserved).toEqual(expect.any(Number));
      const variables = (fn.Properties.Environment as { Variables: Record<string, string> })
        .Variables;
      const pool = Number(variables.DATABASE_POOL_MAX ?? DEFAULT_POOL_MAX);
      return sum + Number(reserved) * pool;
    }, 0);
    const instanceClass = String(database(template).Properties.DBInstanceClass);
    expect(Object.keys(USABLE_CONNECTIONS)).toContain(instanceClass);
    const usable = USABLE_CONNECTIONS[instanceClass as keyof typeof USABLE_CONNECTIONS];
    expect(demand + MIGRATION_CONNECTIONS + HEADROOM).toBeLessThanOrEqual(usable);
  });
});
