import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RDS_CA_BUNDLE, REDIS_PORT, USABLE_CONNECTIONS } from '../../../lib/constructs/data-stores';
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

/** The functions whose environment sets `name`: this stack's own, not CDK's helpers. */
function functionsWithVariable(template: Template, name: string): [string, Resource][] {
  return resources(template, 'AWS::Lambda::Function').filter(([, fn]) => {
    const environment = fn.Properties.Environment as { Variables?: object } | undefined;
    return name in (environment?.Variables ?? {});
  });
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
    // The seven functions log in by IAM (DATABASE_HOST), the migrations with the secret.
    const functions = [
      ...functionsWithVariable(template, 'DATABASE_HOST'),
      ...functionsWithVariable(template, 'DATABASE_SECRET_ARN'),
    ];
    expect(functions.length).toBeGreaterThanOrEqual(8);
    for (const [, fn] of functions) {
      expect(fn.Properties.Environment).toMatchObject({
        Variables: { NODE_EXTRA_CA_CERTS: RDS_CA_BUNDLE },
      });
    }
  });

  it(`runs Redis encrypted in transit and at rest, with AUTH, on ${expected.production ? 'two nodes across AZs' : 'one node'}`, () => {
    const groups = resources(template, 'AWS::ElastiCache::ReplicationGroup');
    expect(groups).toHaveLength(1);
    template.resourceCountIs('AWS::ElastiCache::CacheCluster', 0);
    const [, group] = groups[0] ?? [];
    expect(group?.Properties).toMatchObject({
      Engine: 'redis',
      EngineVersion: expect.stringMatching(/^7\./),
      TransitEncryptionEnabled: true,
      AtRestEncryptionEnabled: true,
      Port: REDIS_PORT,
      NumCacheClusters: expected.production ? 2 : 1,
      MultiAZEnabled: expected.production,
      AutomaticFailoverEnabled: expected.production,
    });
    // A dynamic reference to the generated secret: the template never holds the token.
    const token = JSON.stringify(group?.Properties.AuthToken);
    expect(token).toMatch(/\{\{resolve:secretsmanager:/);
    expect(token).toContain('DataRedisAuthToken');
  });

  it('generates the Redis AUTH token within ElastiCache rules (16-128 characters, no @ " /)', () => {
    const [, secret] =
      resources(template, 'AWS::SecretsManager::Secret').find(([id]) =>
        id.startsWith('DataRedisAuthToken'),
      ) ?? [];
    const generate = secret?.Properties.GenerateSecretString as
      | { PasswordLength: number; ExcludePunctuation: boolean }
      | undefined;
    expect(generate?.ExcludePunctuation).toBe(true);
    expect(generate?.PasswordLength).toBeGreaterThanOrEqual(16);
    expect(generate?.PasswordLength).toBeLessThanOrEqual(128);
  });

  it('tells every function where Redis is (rediss://) and where its token is, and lets it read the token', () => {
    // The seven that serve; the migrations have no use for Redis.
    const functions = functionsWithVariable(template, 'REDIS_URL');
    expect(functions.length).toBeGreaterThanOrEqual(7);
    for (const [, fn] of functions) {
      const variables = (fn.Properties.Environment as { Variables: Record<string, unknown> })
        .Variables;
      expect(JSON.stringify(variables.REDIS_URL)).toContain('rediss://');
      expect(variables.REDIS_AUTH_SECRET_ARN).toEqual({
        Ref: expect.stringMatching(/^DataRedisAuthToken/),
      });
      const role = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
      template.hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Action: Match.arrayWith(['secretsmanager:GetSecretValue']),
              Resource: { Ref: Match.stringLikeRegexp('^DataRedisAuthToken') },
            }),
          ]),
        },
        Roles: Match.arrayWith([{ Ref: role }]),
      });
    }
  });

  it('admits to Redis only the functions, on its port', () => {
    const ingress = resources(template, 'AWS::EC2::SecurityGroupIngress').filter(
      ([, rule]) => rule.Properties.FromPort === REDIS_PORT,
    );
    expect(ingress).toHaveLength(1);
    expect(ingress[0]?.[1].Properties).toMatchObject({
      ToPort: REDIS_PORT,
      SourceSecurityGroupId: { 'Fn::GetAtt': [expect.stringMatching(/^DataFunctions/), 'GroupId'] },
    });
  });

  it('rotates the database secret every 30 days, from inside the VPC', () => {
    template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
      SecretId: { Ref: Match.stringLikeRegexp('^DataPostgresSecret') },
      RotationRules: { ScheduleExpression: 'rate(30 days)' },
    });
    template.resourceCountIs('AWS::Serverless::Application', 1);
    const [, rotation] = resources(template, 'AWS::Serverless::Application')[0] ?? [];
    expect(rotation?.Properties.Parameters).toMatchObject({
      vpcSecurityGroupIds: {
        'Fn::GetAtt': [expect.stringMatching(/^DataPostgresRotation/), 'GroupId'],
      },
    });
    // The function reaches Secrets Manager through the endpoint, and PostgreSQL.
    const admitted = resources(template, 'AWS::EC2::SecurityGroupIngress')
      .filter(([, rule]) =>
        JSON.stringify(rule.Properties.SourceSecurityGroupId).includes('DataPostgresRotation'),
      )
      .map(([, rule]) => (rule.Properties.GroupId as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0]);
    expect(admitted).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^DataVpcSecretsSecurityGroup/),
        expect.stringMatching(/^DataPostgresSecurityGroup/),
      ]),
    );
  });

  it('opens the interface endpoints to the functions and the rotation, not the whole VPC', () => {
    const endpoints = resources(template, 'AWS::EC2::SecurityGroup').filter(([id]) =>
      /^DataVpc(Sqs|Secrets)SecurityGroup/.test(id),
    );
    expect(endpoints).toHaveLength(2);
    for (const [id, group] of endpoints) {
      expect(group.Properties.SecurityGroupIngress, id).toBeUndefined();
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

describe('imported Redis with AUTH', () => {
  const DATABASE_SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf';
  const REDIS_AUTH_SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:redis-AbCdEf';
  const REDIS_URL = 'rediss://cache.example.internal:6380';

  it('names the token by its secret and lets every function read it, never the token itself', () => {
    const outdir = mkdtempSync(path.join(root, 'cdk.out-'));
    const { stack } = createApp({
      outdir,
      context: {
        stage: 'dev',
        'aws:cdk:bundling-stacks': [],
        databaseSecretArn: DATABASE_SECRET_ARN,
        redisUrl: REDIS_URL,
        redisAuthSecretArn: REDIS_AUTH_SECRET_ARN,
      },
    });
    const template = Template.fromStack(stack);
    const functions = functionsWithVariable(template, 'REDIS_URL');
    expect(functions.length).toBeGreaterThanOrEqual(7);
    for (const [, fn] of functions) {
      expect(fn.Properties.Environment).toMatchObject({
        Variables: { REDIS_URL, REDIS_AUTH_SECRET_ARN },
      });
    }
    const readers = resources(template, 'AWS::IAM::Policy').filter(([, policy]) =>
      JSON.stringify(policy.Properties.PolicyDocument).includes(REDIS_AUTH_SECRET_ARN),
    );
    expect(readers.length).toBe(functions.length);
  });

  it('refuses a Redis URL that carries a password', () => {
    expect(() =>
      createApp({
        outdir: root,
        context: {
          stage: 'dev',
          databaseSecretArn: DATABASE_SECRET_ARN,
          redisUrl: 'rediss://:hunter2hunter2hunter2@cache.example.internal:6380',
        },
      }),
    ).toThrow(/-c redisAuthSecretArn/);
  });
});

describe('imported data stores in a VPC of the account (-c vpcId, subnetIds, securityGroupIds)', () => {
  const imported = {
    stage: 'dev',
    'aws:cdk:bundling-stacks': [],
    databaseSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf',
    redisUrl: 'rediss://cache.example.internal:6380',
  };
  const network = {
    vpcId: 'vpc-0123456789abcdef0',
    subnetIds: 'subnet-0123456789abcdef0, subnet-0fedcba9876543210',
    securityGroupIds: 'sg-0123456789abcdef0',
  };
  const app = (context: Record<string, unknown>) =>
    createApp({ outdir: mkdtempSync(path.join(root, 'cdk.out-')), context });

  it('puts every function, the migrations included, in those subnets with those groups, and makes no VPC', () => {
    const template = Template.fromStack(app({ ...imported, ...network }).stack);
    const ours = functionsWithVariable(template, 'DATABASE_SECRET_ARN');
    expect(ours.length).toBeGreaterThanOrEqual(8);
    for (const [id, fn] of ours) {
      expect(fn.Properties.VpcConfig, id).toEqual({
        SubnetIds: ['subnet-0123456789abcdef0', 'subnet-0fedcba9876543210'],
        SecurityGroupIds: ['sg-0123456789abcdef0'],
      });
    }
    expect(resources(template, 'AWS::EC2::VPC')).toHaveLength(0);
    expect(resources(template, 'AWS::EC2::FlowLog')).toHaveLength(0);
  });

  it('leaves the functions outside any VPC when no network is given', () => {
    const template = Template.fromStack(app(imported).stack);
    for (const [id, fn] of resources(template, 'AWS::Lambda::Function')) {
      expect(fn.Properties.VpcConfig, id).toBeUndefined();
    }
  });

  it.each([
    ['a VPC without its subnets and groups', { ...imported, vpcId: network.vpcId }, /together/],
    ['a malformed subnet id', { ...imported, ...network, subnetIds: 'subnet-xyz' }, /subnetIds/],
    ['a malformed VPC id', { ...imported, ...network, vpcId: 'my-vpc' }, /vpcId must be/],
    ['a network for a stack that makes its own VPC', { stage: 'dev', ...network }, /imported/],
  ])('refuses %s', (_case, context, message) => {
    expect(() => app(context)).toThrow(message);
  });
});
