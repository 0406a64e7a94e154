import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METRIC, METRICS_NAMESPACE } from '../../../functions/core/service-metrics';
import {
  P99_LATENCY_ALARM_MS,
  SERVER_ERRORS_ALARM_THRESHOLD,
} from '../../../lib/constructs/alarms';
import { createApp } from '../../../lib/create-app';

const root = mkdtempSync(path.join(tmpdir(), 'rename-feedback-observability-'));
let template: Template;

beforeAll(() => {
  // The functions' code is not what is asserted here: no bundling, so synthesis is quick.
  const context = { stage: 'dev', 'aws:cdk:bundling-stacks': [] };
  template = Template.fromStack(createApp({ outdir: root, context }).stack);
}, 60_000);
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

type Alarm = { Properties: Record<string, unknown> };

function alarm(prefix: string): Record<string, unknown> {
  const found = Object.entries(
    template.findResources('AWS::CloudWatch::Alarm') as Record<string, Alarm>,
  ).filter(([id]) => id.startsWith(`Alarms${prefix}`));
  expect(found.map(([id]) => id)).toHaveLength(1);
  return found[0]?.[1].Properties ?? {};
}

function logicalIdOf(type: string, prefix: string, from: Template = template): string {
  const ids = Object.keys(from.findResources(type)).filter((id) => id.startsWith(prefix));
  expect(ids).toHaveLength(1);
  return ids[0] ?? '';
}

describe('alarms', () => {
  it('sounds on 5xx answers of the HTTP API, a few in five minutes', () => {
    expect(alarm('ApiServerErrors')).toMatchObject({
      Namespace: 'AWS/ApiGateway',
      MetricName: '5xx',
      Statistic: 'Sum',
      Period: 300,
      Threshold: SERVER_ERRORS_ALARM_THRESHOLD - 1,
      ComparisonOperator: 'GreaterThanThreshold',
      Dimensions: [
        { Name: 'ApiId', Value: { Ref: logicalIdOf('AWS::ApiGatewayV2::Api', 'Http') } },
      ],
    });
  });

  it.each(Object.entries(P99_LATENCY_ALARM_MS))(
    "sounds when %s's p99 duration stays above %i ms for 15 minutes",
    (name, ms) => {
      expect(alarm(`${name}P99Latency`)).toMatchObject({
        Namespace: 'AWS/Lambda',
        MetricName: 'Duration',
        ExtendedStatistic: 'p99',
        Threshold: ms,
        EvaluationPeriods: 3,
        Dimensions: [
          { Name: 'FunctionName', Value: { Ref: logicalIdOf('AWS::Lambda::Function', name) } },
        ],
      });
    },
  );

  it.each([
    ['LearnErrors', 'Errors'],
    ['LearnThrottles', 'Throttles'],
  ])('sounds on any %s of learn', (id, metricName) => {
    expect(alarm(id)).toMatchObject({
      Namespace: 'AWS/Lambda',
      MetricName: metricName,
      Statistic: 'Sum',
      Threshold: 0,
      Dimensions: [
        { Name: 'FunctionName', Value: { Ref: logicalIdOf('AWS::Lambda::Function', 'Learn') } },
      ],
    });
  });

  it.each([
    ['DeadLetters', 'FeedbackDeadLetters'],
    ['RetrainDeadLetters', 'RetrainDeadLetters'],
  ])('sounds on the first dead letter of a queue (%s)', (id, queue) => {
    expect(alarm(id)).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 0,
      Dimensions: [
        {
          Name: 'QueueName',
          Value: { 'Fn::GetAtt': [logicalIdOf('AWS::SQS::Queue', queue), 'QueueName'] },
        },
      ],
    });
  });

  it.each(['Submit', 'Metrics', 'Experiments', 'Ops', 'Public', 'OutboxSweeper'])(
    'sounds on any error and any throttle of %s',
    (name) => {
      for (const metricName of ['Errors', 'Throttles']) {
        expect(alarm(`${name}${metricName}`)).toMatchObject({
          Namespace: 'AWS/Lambda',
          MetricName: metricName,
          Statistic: 'Sum',
          Threshold: 0,
          Dimensions: [
            { Name: 'FunctionName', Value: { Ref: logicalIdOf('AWS::Lambda::Function', name) } },
          ],
        });
      }
    },
  );

  it("notifies the stack's topic on every alarm, when it sounds and when it clears", () => {
    const topic = { Ref: logicalIdOf('AWS::SNS::Topic', 'AlarmsTopic') };
    const alarms = Object.entries(
      template.findResources('AWS::CloudWatch::Alarm') as Record<string, Alarm>,
    );
    expect(alarms.length).toBeGreaterThanOrEqual(20);
    for (const [id, { Properties }] of alarms) {
      expect(Properties.AlarmActions, id).toEqual([topic]);
      expect(Properties.OKActions, id).toEqual([topic]);
    }
  });

  it('publishes to a topic encrypted with a rotated key CloudWatch may use, over TLS only', () => {
    const key = logicalIdOf('AWS::KMS::Key', 'AlarmsTopicKey');
    template.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: { 'Fn::GetAtt': [key, 'Arn'] },
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('mails no one unless an address is given', () => {
    template.resourceCountIs('AWS::SNS::Subscription', 0);
  });

  it('mails the address given with -c alarmEmail', () => {
    const context = {
      stage: 'dev',
      alarmEmail: 'oncall@example.com',
      'aws:cdk:bundling-stacks': [],
    };
    const mailed = Template.fromStack(
      createApp({ outdir: mkdtempSync(path.join(root, 'mail-')), context }).stack,
    );
    mailed.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'oncall@example.com',
    });
  });

  it.each(['oncall', 'on call@example.com', 'oncall@example'])(
    'refuses -c alarmEmail=%s, which mails no one',
    (alarmEmail) => {
      const context = { stage: 'dev', alarmEmail, 'aws:cdk:bundling-stacks': [] };
      expect(() => createApp({ outdir: mkdtempSync(path.join(root, 'bad-')), context })).toThrow(
        /alarmEmail/,
      );
    },
  );

  it('sounds when the oldest feedback message waits more than five minutes', () => {
    expect(alarm('LearningBehind')).toMatchObject({
      MetricName: 'ApproximateAgeOfOldestMessage',
      Threshold: 300,
    });
  });
});

describe.each([
  // A micro leaves 80 connections to clients, a small 180 (USABLE_CONNECTIONS): 80% of each.
  ['dev', 64],
  ['prod', 144],
])('database alarms (%s)', (stage, connections) => {
  let stageTemplate: Template;
  beforeAll(() => {
    const context = { stage, 'aws:cdk:bundling-stacks': [] };
    const outdir = mkdtempSync(path.join(root, `${stage}-`));
    stageTemplate = Template.fromStack(createApp({ outdir, context }).stack);
  }, 60_000);

  function databaseAlarm(name: string): Record<string, unknown> {
    const found = Object.entries(
      stageTemplate.findResources('AWS::CloudWatch::Alarm') as Record<string, Alarm>,
    ).filter(([id]) => id.startsWith(`Alarms${name}`));
    expect(found).toHaveLength(1);
    return found[0]?.[1].Properties ?? {};
  }

  it('watch the database the stack creates, and notify the topic when they sound and clear', () => {
    const database = {
      Name: 'DBInstanceIdentifier',
      Value: { Ref: logicalIdOf('AWS::RDS::DBInstance', 'DataPostgres', stageTemplate) },
    };
    const topic = [{ Ref: logicalIdOf('AWS::SNS::Topic', 'AlarmsTopic', stageTemplate) }];
    for (const name of ['DatabaseCpu', 'DatabaseConnections', 'DatabaseFreeStorage']) {
      expect(databaseAlarm(name), name).toMatchObject({
        Namespace: 'AWS/RDS',
        Dimensions: [database],
        AlarmActions: topic,
        OKActions: topic,
      });
    }
  });

  it('sound on a CPU above 80% for 15 minutes', () => {
    expect(databaseAlarm('DatabaseCpu')).toMatchObject({
      MetricName: 'CPUUtilization',
      Statistic: 'Average',
      Period: 300,
      EvaluationPeriods: 3,
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 80,
    });
  });

  it(`sound above ${connections} connections, 80% of what the instance class leaves to clients`, () => {
    expect(databaseAlarm('DatabaseConnections')).toMatchObject({
      MetricName: 'DatabaseConnections',
      Statistic: 'Maximum',
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: connections,
    });
  });

  it('sound when less than 2 GiB of storage is free', () => {
    expect(databaseAlarm('DatabaseFreeStorage')).toMatchObject({
      MetricName: 'FreeStorageSpace',
      Statistic: 'Minimum',
      ComparisonOperator: 'LessThanThreshold',
      Threshold: 2 * 1024 ** 3,
    });
  });
});

describe.each([
  ['local', {}],
  [
    'dev with imported data stores',
    {
      databaseSecretArn:
        'arn:aws:secretsmanager:eu-west-1:123456789012:secret:rename-feedback-db-AbCdEf',
      redisUrl: 'redis://cache.example.internal:6379',
    },
  ],
])('database alarms (%s)', (name, extra) => {
  it('are absent: the stack watches no database it did not create', () => {
    const stage = name === 'local' ? 'local' : 'dev';
    const context = { stage, ...extra, 'aws:cdk:bundling-stacks': [] };
    const outdir = mkdtempSync(path.join(root, 'no-database-'));
    const stack = Template.fromStack(createApp({ outdir, context }).stack);
    stack.resourceCountIs('AWS::RDS::DBInstance', 0);
    const alarms = Object.keys(stack.findResources('AWS::CloudWatch::Alarm'));
    expect(alarms.length).toBeGreaterThan(0);
    expect(alarms.filter((id) => id.startsWith('AlarmsDatabase'))).toEqual([]);
  }, 60_000);
});

describe('dashboard', () => {
  /** The dashboard's body, with the tokens CloudFormation resolves left as markers. */
  function body(): string {
    const dashboards = Object.values(
      template.findResources('AWS::CloudWatch::Dashboard') as Record<string, Alarm>,
    );
    expect(dashboards).toHaveLength(1);
    return JSON.stringify(dashboards[0]?.Properties.DashboardBody);
  }

  it('is named after the stage', () => {
    template.hasResourceProperties('AWS::CloudWatch::Dashboard', {
      DashboardName: 'rename-feedback-dev',
      DashboardBody: Match.anyValue(),
    });
  });

  it('graphs every metric the functions emit, in their namespace, by service and stage', () => {
    const text = body();
    for (const name of Object.values(METRIC)) {
      expect(text).toContain(
        `[\\"${METRICS_NAMESPACE}\\",\\"${name}\\",\\"service\\",\\"rename-feedback\\",\\"stage\\",\\"dev\\"`,
      );
    }
  });

  it('graphs the queues, the API answers and the functions', () => {
    const text = body();
    for (const metric of [
      'ApproximateNumberOfMessagesVisible',
      'ApproximateAgeOfOldestMessage',
      '5xx',
      '4xx',
      'Duration',
      'Throttles',
    ]) {
      expect(text).toContain(metric);
    }
  });
});

type Resource = { Properties: Record<string, unknown> };

/** The service's own functions (ServiceFunction sets this), not CDK's helper functions. */
function serviceFunctions(): [string, Resource][] {
  return Object.entries(
    template.findResources('AWS::Lambda::Function') as Record<string, Resource>,
  ).filter(([, resource]) => {
    const environment = resource.Properties.Environment as
      | { Variables?: Record<string, unknown> }
      | undefined;
    return environment?.Variables?.POWERTOOLS_SERVICE_NAME === 'rename-feedback';
  });
}

/** Every action the policies attached to a role allow. */
function actionsOf(roleId: string): string[] {
  const policies = Object.values(
    template.findResources('AWS::IAM::Policy') as Record<string, Resource>,
  ).filter((policy) => JSON.stringify(policy.Properties.Roles).includes(`"Ref":"${roleId}"`));
  return policies.flatMap((policy) => {
    const document = policy.Properties.PolicyDocument as {
      Statement: { Action: string | string[] }[];
    };
    return document.Statement.flatMap((statement) => statement.Action);
  });
}

describe('traces', () => {
  it('are active on every function of the service, so Lambda samples and sends them', () => {
    const functions = serviceFunctions();
    expect(functions.length).toBeGreaterThanOrEqual(7);
    for (const [id, resource] of functions) {
      expect(resource.Properties.TracingConfig, id).toEqual({ Mode: 'Active' });
    }
  });

  it('may be written by every function of the service to X-Ray', () => {
    for (const [id, resource] of serviceFunctions()) {
      const role = resource.Properties.Role as { 'Fn::GetAtt': [string, string] };
      const actions = actionsOf(role['Fn::GetAtt'][0]);
      expect(actions, id).toEqual(
        expect.arrayContaining(['xray:PutTraceSegments', 'xray:PutTelemetryRecords']),
      );
    }
  });
});

describe('traces turned off for a stage (-c powertoolsTraceEnabled=false)', () => {
  it('leave every API and queue function PassThrough, told not to load the tracer', () => {
    const context = {
      stage: 'dev',
      powertoolsTraceEnabled: 'false',
      'aws:cdk:bundling-stacks': [],
    };
    const off = Template.fromStack(
      createApp({ outdir: mkdtempSync(path.join(root, 'off-')), context }).stack,
    );
    const told = Object.entries(
      off.findResources('AWS::Lambda::Function') as Record<string, Resource>,
    ).filter(([, resource]) => {
      const variables = (resource.Properties.Environment as { Variables?: object } | undefined)
        ?.Variables as Record<string, unknown> | undefined;
      return variables?.POWERTOOLS_TRACE_ENABLED === 'false';
    });
    expect(told.length).toBeGreaterThanOrEqual(7);
    for (const [id, resource] of told) {
      expect(resource.Properties.TracingConfig, id).toEqual({ Mode: 'PassThrough' });
    }
  });
});
