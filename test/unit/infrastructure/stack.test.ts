import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_ROLES } from '../../../lib/constructs/data-stores';
import { migrationFiles, migrationsDigest } from '../../../lib/constructs/database-migrations';
import { createApp } from '../../../lib/create-app';
import { MEMORY_SIZE_MB } from '../../../lib/memory-sizes';
import { RESERVED_CONCURRENCY } from '../../../lib/rename-feedback-stack';

/** Synthesis bundles seven functions with esbuild: a few seconds per stage. */
const SYNTH_TIMEOUT_MS = 120_000;
const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:rename-feedback-db-AbCdEf';
const REDIS_URL = 'redis://cache.example.internal:6379';

/** Every cloud assembly goes under one temporary directory, removed at the end. */
const root = mkdtempSync(path.join(tmpdir(), 'rename-feedback-synth-'));
const templates = new Map<string, Template>();
/** Each synthesized template's cloud assembly directory, where its assets are. */
const assemblies = new Map<Template, string>();

function synthesize(context: Record<string, string>): Template {
  const key = JSON.stringify(context);
  let template = templates.get(key);
  if (!template) {
    const outdir = mkdtempSync(path.join(root, 'cdk.out-'));
    template = Template.fromStack(createApp({ outdir, context }).stack);
    templates.set(key, template);
    assemblies.set(template, outdir);
  }
  return template;
}

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

type Resource = {
  Properties: Record<string, unknown>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
};

function resources(template: Template, type: string): [string, Resource][] {
  return Object.entries(template.findResources(type) as Record<string, Resource>);
}

/** The service's own functions, those that serve traffic (not the deploy-time ones). */
function functionsOf(template: Template) {
  return resources(template, 'AWS::Lambda::Function').filter(([id]) =>
    Object.hasOwn(RESERVED_CONCURRENCY, id.replace(/[0-9A-F]{8}$/, '')),
  );
}

/** The function the deployment runs to apply sql/, and the trigger that runs it. */
function migrationsOf(template: Template) {
  const [functionId, fn] = only(template, 'AWS::Lambda::Function', 'DatabaseMigrationsFunction');
  const [triggerId, trigger] = only(template, 'Custom::Trigger');
  return { functionId, fn, triggerId, trigger };
}

/** The logical id a `Ref` or `Fn::GetAtt` points at. */
function target(reference: unknown): string | undefined {
  if (reference === null || typeof reference !== 'object') return undefined;
  if ('Ref' in reference) return String(reference.Ref);
  if ('Fn::GetAtt' in reference && Array.isArray(reference['Fn::GetAtt'])) {
    return String(reference['Fn::GetAtt'][0]);
  }
  return undefined;
}

function only(template: Template, type: string, prefix = ''): [string, Resource] {
  const found = resources(template, type).filter(([id]) => id.startsWith(prefix));
  expect(found).toHaveLength(1);
  const [first] = found;
  if (!first) throw new Error(`No ${type}`);
  return first;
}

/** A function's name in the stack (`Submit`), from its logical id (`Submit1A2B3C4D`). */
function functionName(logicalId: string): keyof typeof DATABASE_ROLES {
  return logicalId.replace(/[0-9A-F]{8}$/, '') as keyof typeof DATABASE_ROLES;
}

type PolicyStatement = { Action: unknown; Resource: unknown };

/** The statements of the policies attached to the role of the function whose id starts so. */
function policyStatementsOf(template: Template, functionIdPrefix: string): PolicyStatement[] {
  return resources(template, 'AWS::IAM::Policy')
    .filter(([id]) => id.startsWith(`${functionIdPrefix}ServiceRole`))
    .flatMap(
      ([, policy]) =>
        (policy.Properties.PolicyDocument as { Statement: PolicyStatement[] }).Statement,
    );
}

function environmentOf(fn: Resource): Record<string, unknown> {
  const environment = fn.Properties.Environment as { Variables?: Record<string, unknown> };
  return environment.Variables ?? {};
}

describe.each(['local', 'dev', 'prod'])('stage %s', (stage) => {
  let template: Template;
  beforeAll(() => {
    template = synthesize({ stage });
  }, SYNTH_TIMEOUT_MS);

  it('runs seven functions on nodejs22.x arm64, each with a timeout', () => {
    const functions = functionsOf(template);
    expect(functions).toHaveLength(7);
    for (const [, fn] of functions) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Timeout: expect.any(Number),
      });
    }
  });

  it('runs each function as its own PostgreSQL role (sql/013), which the emulator passes on', () => {
    const roles = functionsOf(template).map(([id, fn]) => {
      expect(environmentOf(fn).DATABASE_ROLE, id).toBe(DATABASE_ROLES[functionName(id)]);
      return environmentOf(fn).DATABASE_ROLE;
    });
    expect(new Set(roles).size).toBe(roles.length);
  });

  it('sizes each function as lib/memory-sizes.ts measured, from 128 MB to one vCPU', () => {
    const sizes = Object.fromEntries(
      functionsOf(template).map(([id, fn]) => [
        id.replace(/[0-9A-F]{8}$/, ''),
        fn.Properties.MemorySize,
      ]),
    );
    expect(sizes).toEqual(MEMORY_SIZE_MB);
    for (const size of Object.values(MEMORY_SIZE_MB)) {
      // Lambda's smallest size, and the one at which a function gets a whole vCPU.
      expect(size).toBeGreaterThanOrEqual(128);
      expect(size).toBeLessThanOrEqual(1769);
    }
  });

  it('dead-letters feedback after 5 receives, hidden for 6 × learn plus the batching window', () => {
    const [, mapping] = only(template, 'AWS::Lambda::EventSourceMapping');
    const queueId = target(mapping.Properties.EventSourceArn);
    const learnId = target(mapping.Properties.FunctionName);
    const queue = template.toJSON().Resources[queueId ?? ''] as Resource;
    const learn = template.toJSON().Resources[learnId ?? ''] as Resource;

    expect(queue.Properties.RedrivePolicy).toMatchObject({ maxReceiveCount: 5 });
    expect(Number(queue.Properties.VisibilityTimeout)).toBeGreaterThanOrEqual(
      6 * Number(learn.Properties.Timeout) +
        Number(mapping.Properties.MaximumBatchingWindowInSeconds),
    );
  });

  it('feeds learn in batches that report partial failures, with bounded concurrency', () => {
    const [, mapping] = only(template, 'AWS::Lambda::EventSourceMapping');
    expect(mapping.Properties).toMatchObject({
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: expect.any(Number) },
      MaximumBatchingWindowInSeconds: expect.any(Number),
      BatchSize: expect.any(Number),
    });
    // What AWS accepts: up to 10,000 to the batch, more than 10 only with a window of 1 s+.
    const batchSize = Number(mapping.Properties.BatchSize);
    const window = Number(mapping.Properties.MaximumBatchingWindowInSeconds);
    expect(batchSize).toBeLessThanOrEqual(10_000);
    if (batchSize > 10) expect(window).toBeGreaterThanOrEqual(1);
  });

  it('expires idempotency records through a DynamoDB TTL attribute', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      TimeToLiveSpecification: { AttributeName: Match.anyValue(), Enabled: true },
    });
  });

  it('serves exactly the API routes, all with payload format 2.0', () => {
    const routeKeys = resources(template, 'AWS::ApiGatewayV2::Route').map(
      ([, route]) => route.Properties.RouteKey,
    );
    expect(routeKeys.sort()).toEqual(
      [
        'GET /v1/admin/queues',
        'GET /v1/health',
        'GET /v1/openapi.json',
        'GET /v1/metrics',
        'GET /v1/feedback/{id}',
        'GET /v1/models/{modelVersion}/calibration',
        'POST /v1/models/{modelVersion}/calibrate',
        'GET /v1/users/{userId}/preferences',
        'POST /v1/users/{userId}/preferences/apply',
        'GET /v1/training-data',
        'GET /v1/learning/status',
        'POST /v1/learning/retrain',
        'POST /v1/learning/jobs/{id}/complete',
        'POST /v1/admin/dlq/redrive',
        'POST /v1/feedback',
        'POST /v1/feedback/batch',
        'POST /v1/experiments',
        'GET /v1/experiments',
        'GET /v1/experiments/sample-size',
        'GET /v1/experiments/{id}',
        'PATCH /v1/experiments/{id}',
        'POST /v1/experiments/{id}/start',
        'POST /v1/experiments/{id}/pause',
        'POST /v1/experiments/{id}/resume',
        'POST /v1/experiments/{id}/conclude',
        'POST /v1/experiments/{id}/cancel',
        'GET /v1/experiments/{id}/results',
        'GET /v1/experiments/{id}/assignment',
        'GET /v1/assignments',
        'GET /v1/models/default',
        'POST /v1/keys',
        'GET /v1/keys',
        'DELETE /v1/keys/{id}',
        'POST /v1/admin/tenants/{tenantId}/keys',
      ].sort(),
    );
    const integrations = resources(template, 'AWS::ApiGatewayV2::Integration');
    expect(integrations.length).toBeGreaterThan(0);
    for (const [, integration] of integrations) {
      expect(integration.Properties.PayloadFormatVersion).toBe('2.0');
    }
  });

  it('sends each route to the function that owns it', () => {
    const integrations = Object.fromEntries(
      resources(template, 'AWS::ApiGatewayV2::Integration').map(([id, integration]) => [
        id,
        target(integration.Properties.IntegrationUri),
      ]),
    );
    const owners = Object.fromEntries(
      resources(template, 'AWS::ApiGatewayV2::Route').map(([, route]) => {
        const join = (route.Properties.Target as { 'Fn::Join': [string, unknown[]] })['Fn::Join'];
        const integrationId = target(join[1][1]) ?? '';
        return [
          route.Properties.RouteKey,
          integrations[integrationId]?.replace(/[0-9A-F]{8}$/, ''),
        ];
      }),
    );
    expect(owners).toEqual({
      'POST /v1/feedback': 'Submit',
      'POST /v1/feedback/batch': 'Submit',
      'GET /v1/metrics': 'Metrics',
      'GET /v1/feedback/{id}': 'Metrics',
      'GET /v1/models/{modelVersion}/calibration': 'Metrics',
      'POST /v1/models/{modelVersion}/calibrate': 'Metrics',
      'GET /v1/users/{userId}/preferences': 'Metrics',
      'POST /v1/users/{userId}/preferences/apply': 'Metrics',
      'GET /v1/health': 'Public',
      'GET /v1/openapi.json': 'Public',
      'GET /v1/admin/queues': 'Ops',
      'POST /v1/admin/dlq/redrive': 'Ops',
      'GET /v1/training-data': 'Ops',
      'GET /v1/learning/status': 'Ops',
      'POST /v1/learning/retrain': 'Ops',
      'POST /v1/learning/jobs/{id}/complete': 'Ops',
      'POST /v1/experiments': 'Experiments',
      'GET /v1/experiments': 'Experiments',
      'GET /v1/experiments/sample-size': 'Experiments',
      'GET /v1/experiments/{id}': 'Experiments',
      'PATCH /v1/experiments/{id}': 'Experiments',
      'POST /v1/experiments/{id}/start': 'Experiments',
      'POST /v1/experiments/{id}/pause': 'Experiments',
      'POST /v1/experiments/{id}/resume': 'Experiments',
      'POST /v1/experiments/{id}/conclude': 'Experiments',
      'POST /v1/experiments/{id}/cancel': 'Experiments',
      'GET /v1/experiments/{id}/results': 'Experiments',
      'GET /v1/experiments/{id}/assignment': 'Experiments',
      'GET /v1/assignments': 'Experiments',
      'GET /v1/models/default': 'Experiments',
      'POST /v1/keys': 'Ops',
      'GET /v1/keys': 'Ops',
      'DELETE /v1/keys/{id}': 'Ops',
      'POST /v1/admin/tenants/{tenantId}/keys': 'Ops',
    });
  });

  it(`reserves ${stage === 'dev' ? 'nothing (off in dev by default)' : 'in all, the concurrency docs/operations.md states'}`, () => {
    const reserved = functionsOf(template).map(([id, fn]) => [
      id.replace(/[0-9A-F]{8}$/, ''),
      fn.Properties.ReservedConcurrentExecutions,
    ]);
    if (stage === 'dev') {
      expect(reserved.map(([, count]) => count)).toEqual(Array(7).fill(undefined));
      return;
    }
    expect(Object.fromEntries(reserved)).toEqual(RESERVED_CONCURRENCY);
    const total = Object.values(RESERVED_CONCURRENCY).reduce((sum, n) => sum + n, 0);
    const readme = readFileSync(
      path.join(import.meta.dirname, '../../../docs/operations.md'),
      'utf8',
    );
    const stated = /The functions reserve (\d+) concurrent executions in all \(([^)]*)\)/.exec(
      readme.replace(/\s+/g, ' '),
    );
    expect(Number(stated?.[1])).toBe(total);
    const parts = Object.fromEntries(
      (stated?.[2] ?? '').split(', ').map((part) => {
        const [name = '', count = ''] = part.split(' ');
        return [name, Number(count)];
      }),
    );
    expect(parts).toEqual({
      submit: RESERVED_CONCURRENCY.Submit,
      metrics: RESERVED_CONCURRENCY.Metrics,
      learn: RESERVED_CONCURRENCY.Learn,
      experiments: RESERVED_CONCURRENCY.Experiments,
      ops: RESERVED_CONCURRENCY.Ops,
      public: RESERVED_CONCURRENCY.Public,
      sweeper: RESERVED_CONCURRENCY.OutboxSweeper,
    });
  });

  it('publishes training jobs to a retrain queue with its own DLQ, sent to only by learn, ops and the sweeper', () => {
    const queues = resources(template, 'AWS::SQS::Queue');
    const retrain = queues.find(([id]) => id.startsWith('RetrainQueue'));
    const deadLetters = queues.find(([id]) => id.startsWith('RetrainDeadLetters'));
    expect(retrain && deadLetters).toBeTruthy();
    expect(retrain?.[1].Properties.RedrivePolicy).toMatchObject({
      deadLetterTargetArn: { 'Fn::GetAtt': [deadLetters?.[0], 'Arn'] },
      maxReceiveCount: 5,
    });
    const withUrl = functionsOf(template)
      .filter(([, fn]) => target(environmentOf(fn).RETRAIN_QUEUE_URL) === retrain?.[0])
      .map(([id]) => id.replace(/[0-9A-F]{8}$/, ''))
      .sort();
    expect(withUrl).toEqual(['Learn', 'Ops', 'OutboxSweeper']);
    type Statement = { Action: unknown; Resource: unknown };
    const statementsOf = (policy: Resource) =>
      (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement;
    const senders = resources(template, 'AWS::IAM::Policy')
      .filter(([, policy]) =>
        statementsOf(policy).some(
          (statement) =>
            [statement.Action].flat().includes('sqs:SendMessage') &&
            target(statement.Resource) === retrain?.[0],
        ),
      )
      .map(([id]) => id.replace(/ServiceRoleDefaultPolicy[0-9A-F]{8}$/, ''))
      .sort();
    expect(senders).toEqual(['Learn', 'Ops', 'OutboxSweeper']);
  });

  it('lets each DynamoDB table be used by its one function, with only the actions its code sends', () => {
    type Statement = { Action: unknown; Resource: unknown };
    const tableOf = (id: string) => id.replace(/[0-9A-F]{8}$/, '');
    const tables = new Set(resources(template, 'AWS::DynamoDB::Table').map(([id]) => id));
    const grants: Record<string, Record<string, string[]>> = {};
    for (const [policyId, policy] of resources(template, 'AWS::IAM::Policy')) {
      const grantee = policyId.replace(/ServiceRoleDefaultPolicy[0-9A-F]{8}$/, '');
      for (const statement of (policy.Properties.PolicyDocument as { Statement: Statement[] })
        .Statement) {
        for (const resource of [statement.Resource].flat()) {
          const table = target(resource);
          if (!table || !tables.has(table)) continue;
          const byGrantee = grants[tableOf(table)] ?? {};
          grants[tableOf(table)] = byGrantee;
          byGrantee[grantee] = [
            ...new Set([...(byGrantee[grantee] ?? []), ...[statement.Action].flat().map(String)]),
          ].sort();
        }
      }
    }
    expect(grants).toEqual({
      // Powertools idempotency's DynamoDB persistence layer, and nothing else.
      Idempotency: {
        Submit: [
          'dynamodb:DeleteItem',
          'dynamodb:GetItem',
          'dynamodb:PutItem',
          'dynamodb:UpdateItem',
        ],
      },
      // Read one, list a tenant's, write conditionally: no scans, deletes or batch writes.
      ExperimentDefinitions: {
        Experiments: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'],
      },
    });
  });

  it('runs the outbox sweeper on a schedule', () => {
    const rules = resources(template, 'AWS::Events::Rule');
    const sweeper = rules.find(([, rule]) =>
      (rule.Properties.Targets as { Arn: unknown }[]).some((t) =>
        target(t.Arn)?.startsWith('OutboxSweeper'),
      ),
    );
    expect(sweeper?.[1].Properties.ScheduleExpression).toMatch(/^rate\(/);
  });
});

describe.each(['local', 'dev', 'prod'])('stack outputs (%s)', (stage) => {
  let template: Template;
  beforeAll(() => {
    template = synthesize({ stage });
  }, SYNTH_TIMEOUT_MS);

  it('name the API URL and the queue URLs with fixed ids, which the CI workflow reads', () => {
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
    const pointsAt = (name: string) => target(outputs[name]?.Value);
    // A deployed stage also says where its first keys and its database credentials are.
    const deployed =
      stage === 'local'
        ? []
        : ['BootstrapAdminKeySecretArn', 'BootstrapOperatorKeySecretArn', 'DatabaseSecretArn'];
    expect(Object.keys(outputs).sort()).toEqual(
      [
        'ApiUrl',
        'FeedbackDeadLetterQueueUrl',
        'FeedbackQueueUrl',
        'RetrainQueueUrl',
        ...deployed,
      ].sort(),
    );
    expect(outputs.ApiUrl?.Value).toEqual({ 'Fn::GetAtt': [expect.any(String), 'ApiEndpoint'] });
    expect(pointsAt('ApiUrl')).toMatch(/^HttpApi/);
    expect(pointsAt('FeedbackQueueUrl')).toMatch(/^FeedbackQueue[0-9A-F]{8}$/);
    expect(pointsAt('FeedbackDeadLetterQueueUrl')).toMatch(/^FeedbackDeadLetters[0-9A-F]{8}$/);
    expect(pointsAt('RetrainQueueUrl')).toMatch(/^RetrainQueue[0-9A-F]{8}$/);
  });
});

describe.each([
  ['dev', { stage: 'dev' }],
  ['prod', { stage: 'prod' }],
  ['ci-pr-42', { stage: 'ci-pr-42' }],
])('migrations run by the deployment (%s)', (_name, context) => {
  let template: Template;
  beforeAll(() => {
    template = synthesize(context);
  }, SYNTH_TIMEOUT_MS);

  it('adds only the migration function and the trigger provider to the service functions', () => {
    const ids = resources(template, 'AWS::Lambda::Function').map(([id]) =>
      id.replace(/[0-9A-F]{8}$/, ''),
    );
    expect(ids.sort()).toEqual(
      [
        ...Object.keys(RESERVED_CONCURRENCY),
        'DatabaseMigrationsFunction',
        'AWSCDKTriggerCustomResourceProviderCustomResourceProviderHandler',
      ].sort(),
    );
  });

  it('runs the migration function in the VPC, after the database exists, and fails on failure', () => {
    const { functionId, fn, trigger } = migrationsOf(template);
    expect(fn.Properties.VpcConfig).toMatchObject({
      SubnetIds: expect.any(Array),
      SecurityGroupIds: expect.any(Array),
    });
    // The API's functions' security group: the one the database lets in.
    const [, submit] = only(template, 'AWS::Lambda::Function', 'Submit');
    const groupsOf = (resource: Resource) =>
      (resource.Properties.VpcConfig as { SecurityGroupIds: unknown }).SecurityGroupIds;
    expect(groupsOf(fn)).toEqual(groupsOf(submit));
    const [databaseId] = only(template, 'AWS::RDS::DBInstance');
    expect(trigger.Properties).toMatchObject({
      // Synchronous: a migration that throws fails the trigger, and so the deployment.
      InvocationType: 'RequestResponse',
      ExecuteOnHandlerChange: true,
    });
    expect((trigger as { DependsOn?: string[] }).DependsOn).toContain(databaseId);
    const version = template.toJSON().Resources[target(trigger.Properties.HandlerArn) ?? ''] as
      | Resource
      | undefined;
    expect(target(version?.Properties.FunctionName)).toBe(functionId);
  });

  it('lets the migration function read the database secret, which no API function reads', () => {
    const { fn } = migrationsOf(template);
    const secretArn = environmentOf(fn).DATABASE_SECRET_ARN;
    expect(target(secretArn)).toBeDefined();
    for (const [id, api] of functionsOf(template)) {
      expect(environmentOf(api), id).not.toHaveProperty('DATABASE_SECRET_ARN');
      const granted = policyStatementsOf(template, id.replace(/[0-9A-F]{8}$/, ''));
      expect(
        granted.some((statement) => target(statement.Resource) === target(secretArn)),
        id,
      ).toBe(false);
    }
    const statements = policyStatementsOf(template, 'DatabaseMigrationsFunction');
    expect(
      statements.some(
        (statement) =>
          [statement.Action].flat().includes('secretsmanager:GetSecretValue') &&
          target(statement.Resource) === target(secretArn),
      ),
    ).toBe(true);
  });

  it('updates every API function only after the migrations succeeded', () => {
    const { triggerId } = migrationsOf(template);
    for (const [id, fn] of functionsOf(template)) {
      expect((fn as { DependsOn?: string[] }).DependsOn, id).toContain(triggerId);
    }
  });

  it('bundles every sql/ migration, and reruns when one changes: their digest is in its version', () => {
    const { fn } = migrationsOf(template);
    expect(fn.Properties.Description).toContain(migrationsDigest());
    const key = String((fn.Properties.Code as { S3Key: unknown }).S3Key);
    const assetDir = path.join(
      assemblies.get(template) ?? '',
      `asset.${key.replace(/\.zip$/, '')}`,
    );
    const bundled = readdirSync(path.join(assetDir, 'sql')).sort();
    expect(bundled).toEqual(migrationFiles());
    expect(bundled.length).toBeGreaterThan(0);
    for (const name of bundled) {
      expect(readFileSync(path.join(assetDir, 'sql', name), 'utf8')).toBe(
        readFileSync(path.join(import.meta.dirname, '../../../sql', name), 'utf8'),
      );
    }
  });
});

describe.each([
  ['dev', 'Delete'],
  ['prod', 'Retain'],
])('the bootstrap keys (%s)', (stage, deletionPolicy) => {
  let template: Template;
  beforeAll(() => {
    template = synthesize({ stage });
  }, SYNTH_TIMEOUT_MS);

  const secretsOf = () =>
    ['AdminKey', 'OperatorKey'].map((name) => {
      const found = resources(template, 'AWS::SecretsManager::Secret').filter(([id]) =>
        id.startsWith(`BootstrapKeys${name}`),
      );
      expect(found, name).toHaveLength(1);
      const [first] = found;
      if (!first) throw new Error(`No ${name} secret`);
      return first;
    });

  it('are two secrets Secrets Manager generates in the shape of a bootstrap key', () => {
    for (const [id, secret] of secretsOf()) {
      expect(secret.Properties.GenerateSecretString, id).toEqual({
        PasswordLength: 40,
        ExcludePunctuation: true,
        IncludeSpace: false,
      });
      expect(secret.Properties.SecretString, id).toBeUndefined();
      expect(secret.DeletionPolicy, id).toBe(deletionPolicy);
    }
  });

  it('are known and readable by the migration function only, which registers them', () => {
    const [adminId, operatorId] = secretsOf().map(([id]) => id);
    const { fn } = migrationsOf(template);
    expect(target(environmentOf(fn).BOOTSTRAP_ADMIN_KEY_SECRET_ARN)).toBe(adminId);
    expect(target(environmentOf(fn).BOOTSTRAP_OPERATOR_KEY_SECRET_ARN)).toBe(operatorId);
    for (const [id, api] of functionsOf(template)) {
      expect(
        Object.keys(environmentOf(api)).filter((n) => n.startsWith('BOOTSTRAP_')),
        id,
      ).toEqual([]);
    }
    type Statement = { Action: unknown; Resource: unknown };
    const readersOf = (secretId: string | undefined) =>
      resources(template, 'AWS::IAM::Policy')
        .filter(([, policy]) =>
          (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement.some(
            (statement) =>
              [statement.Action].flat().includes('secretsmanager:GetSecretValue') &&
              target(statement.Resource) === secretId,
          ),
        )
        .map(([id]) => id.replace(/[0-9A-F]{8}$/, ''));
    expect(readersOf(adminId)).toEqual(['DatabaseMigrationsFunctionServiceRoleDefaultPolicy']);
    expect(readersOf(operatorId)).toEqual(['DatabaseMigrationsFunctionServiceRoleDefaultPolicy']);
  });

  it('are named by stack outputs, beside the database secret', () => {
    const [adminId, operatorId] = secretsOf().map(([id]) => id);
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(target(outputs.BootstrapAdminKeySecretArn?.Value)).toBe(adminId);
    expect(target(outputs.BootstrapOperatorKeySecretArn?.Value)).toBe(operatorId);
    const { fn } = migrationsOf(template);
    expect(outputs.DatabaseSecretArn?.Value).toEqual(environmentOf(fn).DATABASE_SECRET_ARN);
  });
});

describe.each(['dev', 'prod'])('the cursor signing key (%s)', (stage) => {
  let template: Template;
  beforeAll(() => {
    template = synthesize({ stage });
  }, SYNTH_TIMEOUT_MS);

  it('is a secret Secrets Manager generates, known and readable by ops only', () => {
    const [secretId, secret] =
      resources(template, 'AWS::SecretsManager::Secret').find(([id]) =>
        id.startsWith('CursorSigningKey'),
      ) ?? [];
    expect(secret?.Properties.GenerateSecretString).toMatchObject({ PasswordLength: 64 });
    expect(secret?.Properties.SecretString).toBeUndefined();
    const knowing = functionsOf(template)
      .filter(([, fn]) => target(environmentOf(fn).CURSOR_SECRET_ARN) === secretId)
      .map(([id]) => id.replace(/[0-9A-F]{8}$/, ''));
    expect(knowing).toEqual(['Ops']);
    for (const [, fn] of functionsOf(template)) {
      expect(environmentOf(fn)).not.toHaveProperty('CURSOR_SIGNING_KEY');
    }
    type Statement = { Action: unknown; Resource: unknown };
    const readers = resources(template, 'AWS::IAM::Policy')
      .filter(([, policy]) =>
        (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement.some(
          (statement) =>
            [statement.Action].flat().includes('secretsmanager:GetSecretValue') &&
            target(statement.Resource) === secretId,
        ),
      )
      .map(([id]) => id.replace(/ServiceRoleDefaultPolicy[0-9A-F]{8}$/, ''));
    expect(readers).toEqual(['Ops']);
  });
});

describe('created data stores (dev)', () => {
  let template: Template;
  beforeAll(() => {
    template = synthesize({ stage: 'dev' });
  }, SYNTH_TIMEOUT_MS);

  it('creates an encrypted PostgreSQL, a Redis replication group and a VPC', () => {
    template.hasResourceProperties('AWS::RDS::DBInstance', {
      Engine: 'postgres',
      StorageEncrypted: true,
    });
    template.resourceCountIs('AWS::ElastiCache::ReplicationGroup', 1);
    template.resourceCountIs('AWS::EC2::VPC', 1);
  });

  it('puts every function in the VPC and tells it where the database is and as whom to log in', () => {
    const [databaseId] = only(template, 'AWS::RDS::DBInstance');
    for (const [id, fn] of functionsOf(template)) {
      const environment = environmentOf(fn);
      expect(fn.Properties.VpcConfig).toMatchObject({ SubnetIds: expect.any(Array) });
      expect(target(environment.DATABASE_HOST), id).toBe(databaseId);
      expect(target(environment.DATABASE_PORT), id).toBe(databaseId);
      expect(environment.DATABASE_NAME).toBe('rename_feedback');
      expect(environment.DATABASE_ROLE).toBe(DATABASE_ROLES[functionName(id)]);
      expect(environment).toHaveProperty('REDIS_URL');
      expect(environment).not.toHaveProperty('DATABASE_URL');
    }
  });

  it('turns on IAM authentication and lets each function connect as its own role only', () => {
    const [, database] = only(template, 'AWS::RDS::DBInstance');
    expect(database.Properties.EnableIAMDatabaseAuthentication).toBe(true);
    for (const [id] of functionsOf(template)) {
      const connects = policyStatementsOf(template, functionName(id)).filter((statement) =>
        [statement.Action].flat().includes('rds-db:connect'),
      );
      expect(connects, id).toHaveLength(1);
      const resource = JSON.stringify(connects[0]?.Resource);
      expect(resource, id).toContain(`/${DATABASE_ROLES[functionName(id)]}`);
      for (const other of Object.values(DATABASE_ROLES)) {
        if (other !== DATABASE_ROLES[functionName(id)])
          expect(resource).not.toContain(`/${other}"`);
      }
    }
  });

  it('lets a dev stack be destroyed with its data', () => {
    const [, database] = only(template, 'AWS::RDS::DBInstance');
    expect(database.DeletionPolicy).toBe('Delete');
    expect(database.Properties.DeletionProtection).toBe(false);
  });
});

describe('local stage', () => {
  let template: Template;
  beforeAll(() => {
    template = synthesize({ stage: 'local' });
  }, SYNTH_TIMEOUT_MS);

  it('runs no migrations at deploy: npm start migrates its own database', () => {
    template.resourceCountIs('Custom::Trigger', 0);
    expect(resources(template, 'AWS::Lambda::Function')).toHaveLength(7);
  });

  it('creates no database, cache or VPC', () => {
    template.resourceCountIs('AWS::RDS::DBInstance', 0);
    template.resourceCountIs('AWS::ElastiCache::ReplicationGroup', 0);
    template.resourceCountIs('AWS::EC2::VPC', 0);
  });

  it('gives ops a random cursor signing key of 256 bits, made at synthesis, and no secret', () => {
    template.resourceCountIs('AWS::SecretsManager::Secret', 0);
    const withKey = functionsOf(template).filter(
      ([, fn]) => 'CURSOR_SIGNING_KEY' in environmentOf(fn),
    );
    expect(withKey.map(([id]) => id.replace(/[0-9A-F]{8}$/, ''))).toEqual(['Ops']);
    const key = String(environmentOf(withKey[0]?.[1] as Resource).CURSOR_SIGNING_KEY);
    expect(Buffer.from(key, 'base64url')).toHaveLength(32);
  });

  it('passes DATABASE_URL and REDIS_URL to every function, outside any VPC', () => {
    for (const [, fn] of functionsOf(template)) {
      expect(fn.Properties.VpcConfig).toBeUndefined();
      expect(environmentOf(fn)).toMatchObject({
        DATABASE_URL: expect.stringMatching(/^postgres:\/\//),
        REDIS_URL: expect.stringMatching(/^redis:\/\//),
      });
    }
  });
});

describe('prod stage', () => {
  let template: Template;
  beforeAll(() => {
    template = synthesize({ stage: 'prod' });
  }, SYNTH_TIMEOUT_MS);

  it('keeps a snapshot of the database and protects it from deletion', () => {
    const [, database] = only(template, 'AWS::RDS::DBInstance');
    expect(database).toMatchObject({ DeletionPolicy: 'Snapshot', UpdateReplacePolicy: 'Snapshot' });
    expect(database.Properties.DeletionProtection).toBe(true);
  });

  it('retains the DynamoDB tables', () => {
    const tables = resources(template, 'AWS::DynamoDB::Table');
    expect(tables.length).toBeGreaterThan(0);
    for (const [, table] of tables) {
      expect(table).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    }
  });

  it('keeps experiments in their own table, readable and writable by the experiments function only', () => {
    const experiments = resources(template, 'AWS::DynamoDB::Table').find(([id]) =>
      id.startsWith('ExperimentDefinitions'),
    );
    expect(experiments?.[1].Properties.KeySchema).toEqual([
      { AttributeName: 'tenantId', KeyType: 'HASH' },
      { AttributeName: 'experimentId', KeyType: 'RANGE' },
    ]);
    type Statement = { Resource: unknown };
    const readers = resources(template, 'AWS::IAM::Policy')
      .filter(([, policy]) =>
        (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement.some(
          (statement) => [statement.Resource].flat().some((r) => target(r) === experiments?.[0]),
        ),
      )
      .map(([id]) => id.replace(/ServiceRoleDefaultPolicy[0-9A-F]{8}$/, ''));
    expect(readers).toEqual(['Experiments']);
  });
});

describe('imported data stores', () => {
  it(
    'uses a given database secret and Redis URL instead of creating them',
    () => {
      const template = synthesize({
        stage: 'dev',
        databaseSecretArn: SECRET_ARN,
        redisUrl: REDIS_URL,
      });

      template.resourceCountIs('AWS::RDS::DBInstance', 0);
      template.resourceCountIs('AWS::ElastiCache::ReplicationGroup', 0);
      const { fn: migrate } = migrationsOf(template);
      expect(environmentOf(migrate).DATABASE_SECRET_ARN).toBe(SECRET_ARN);
      for (const [, fn] of functionsOf(template)) {
        expect(environmentOf(fn)).toMatchObject({
          DATABASE_SECRET_ARN: SECRET_ARN,
          REDIS_URL,
        });
      }
      template.hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Action: Match.arrayWith(['secretsmanager:GetSecretValue']),
              Resource: SECRET_ARN,
            }),
          ]),
        },
        Roles: [{ Ref: Match.stringLikeRegexp('^DatabaseMigrationsFunctionServiceRole') }],
      });
    },
    SYNTH_TIMEOUT_MS,
  );

  it.each([
    ['only a database secret', { databaseSecretArn: SECRET_ARN }],
    ['only a Redis URL', { redisUrl: REDIS_URL }],
  ])('refuses %s', (_case, context) => {
    expect(() => createApp({ outdir: root, context: { stage: 'dev', ...context } })).toThrow(
      /needs both -c databaseSecretArn=\.\.\. and -c redisUrl=\.\.\./,
    );
  });
});

describe('reserved concurrency', () => {
  const reservations = (template: Template) =>
    functionsOf(template).map(([, fn]) => fn.Properties.ReservedConcurrentExecutions);

  it.each([
    ['dev', { stage: 'dev' }],
    ['ci-*', { stage: 'ci-pr-42' }],
    ['prod with -c reservedConcurrency=false', { stage: 'prod', reservedConcurrency: 'false' }],
  ])(
    'reserves nothing in %s, so a new account with a quota of 10 can deploy it',
    (_case, context) => {
      const template = synthesize(context);
      expect(reservations(template)).toEqual(Array(7).fill(undefined));
      // learn stays bounded without a reservation: the queue mapping needs no quota.
      const [, mapping] = only(template, 'AWS::Lambda::EventSourceMapping');
      expect(mapping.Properties.ScalingConfig).toEqual({
        MaximumConcurrency: RESERVED_CONCURRENCY.Learn,
      });
    },
    SYNTH_TIMEOUT_MS,
  );

  it.each([
    ['prod', { stage: 'prod' }],
    ['dev with -c reservedConcurrency=true', { stage: 'dev', reservedConcurrency: 'true' }],
  ])(
    'reserves each function its share in %s',
    (_case, context) => {
      const template = synthesize(context);
      for (const value of reservations(template)) expect(value).toBeGreaterThan(0);
    },
    SYNTH_TIMEOUT_MS,
  );

  it('refuses a flag that is neither true nor false', () => {
    expect(() =>
      createApp({ outdir: root, context: { stage: 'dev', reservedConcurrency: 'yes' } }),
    ).toThrow('-c reservedConcurrency must be true or false, not "yes"');
  });
});

describe('stage names', () => {
  it.each(['staging', 'ci-', 'ci-UPPER', 'Prod'])('refuses the unknown stage %j', (stage) => {
    expect(() => createApp({ outdir: root, context: { stage } })).toThrow(
      `Unknown stage "${stage}"`,
    );
  });
});
