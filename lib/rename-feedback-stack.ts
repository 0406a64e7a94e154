import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as sources from 'aws-cdk-lib/aws-lambda-event-sources';
import type { Construct } from 'constructs';
import { Alarms } from './constructs/alarms';
import { BootstrapKeys } from './constructs/bootstrap-keys';
import { CursorSigningKey } from './constructs/cursor-signing-key';
import { Dashboard } from './constructs/dashboard';
import {
  DATABASE_ROLES,
  DataStores,
  databaseInstanceClass,
  USABLE_CONNECTIONS,
} from './constructs/data-stores';
import { DatabaseMigrations } from './constructs/database-migrations';
import { EdgeFirewall } from './constructs/edge-firewall';
import { FeedbackQueue } from './constructs/feedback-queue';
import type { FunctionEntry } from './constructs/function-bundles';
import { HttpApi } from './constructs/http-api';
import { RetrainQueue } from './constructs/retrain-queue';
import { ServiceFunction } from './constructs/service-function';
import { VpcFlowLog } from './constructs/vpc-flow-log';
import { MEMORY_SIZE_MB } from './memory-sizes';
import { ROUTE_CLASS_THROTTLE, readOperationsSettings } from './operations-settings';
import type { StageConfig } from './stage';

export interface RenameFeedbackStackProps extends StackProps {
  stage: StageConfig;
  /**
   * The functions' settings this deploy gives (lib/function-settings.ts), already checked, to
   * every function; what is not given keeps the schema's default.
   */
  functionSettings?: Record<string, string>;
}

const LEARN_TIMEOUT = Duration.seconds(30);
/**
 * At most this many `learn` instances at once (AWS's minimum). A batch of the queue holds
 * feedback of every busy tenant, so concurrent batches take turns on the tenants' shared
 * rows whatever their number: two keep one batch's claim and arithmetic running while the
 * other holds those rows, and a third would only wait behind them (in-process, batches of
 * 1,000: 2 at a time learn as much as 5, and the slowest batch waits 0.6-1.2 s instead of
 * 2.7-2.9 s; under a submit load, waits of 5 went past the 8 s query timeout).
 */
export const LEARN_MAX_CONCURRENCY = 2;

/**
 * How the feedback queue feeds `learn` (the benchmarks read it too). Throughput comes from
 * the size of each batch: batches of 10 cost a dozen statements and a commit per 10
 * feedback and cap learning at 1,000-2,000/s on two cores; batches of 1,000 cost about
 * 130 us of CPU per feedback, room for 10,000/s (bench/learn-throughput.ts). AWS allows more
 * than 10 to the batch only with a window of at least one second, and the window is the
 * price: a lone feedback waits up to a second before it is learned; under load a batch
 * fills first (1,000 in 0.2 s at 10,000/s over 2 pollers). A record carries up to 100
 * feedback ids (about 5 KB with its attributes): 1,000 of them stay under the 6 MB
 * invocation payload, and Lambda itself cuts a batch that would not.
 */
export const LEARN_EVENT_SOURCE = {
  batchSize: 1000,
  maxBatchingWindowSeconds: 1,
  maxConcurrency: LEARN_MAX_CONCURRENCY,
} as const;

/**
 * The DynamoDB actions each table's one user calls, and nothing more. `submit` reaches the
 * idempotency table only through Powertools idempotency's DynamoDB persistence layer (its
 * DynamoDBPersistenceLayer sends GetItem, PutItem, UpdateItem and DeleteItem); `experiments`
 * reads one definition (GetItem), lists a tenant's (Query) and writes conditionally (PutItem),
 * in functions/adapters/experiment-store.ts. A call added there is denied until added here.
 */
export const DYNAMODB_ACTIONS = {
  idempotency: [
    'dynamodb:GetItem',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
  ],
  experiments: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'],
} as const;

/**
 * Reserved concurrency of each function, by construct id, where the stage reserves (prod and
 * local by default, `-c reservedConcurrency`). Each route class has its own, so a flood on
 * one (public health checks, say) cannot take another's instances; together they bound
 * PostgreSQL connections. docs/operations.md states their sum (a unit test holds it).
 * Without reservations `learn` is still bounded, by its queue mapping's MaximumConcurrency.
 */
export const RESERVED_CONCURRENCY = {
  Submit: 20,
  Metrics: 10,
  Learn: LEARN_MAX_CONCURRENCY,
  Experiments: 5,
  // A slow redrive and two admin calls at once.
  Ops: 3,
  // Health checks and the OpenAPI document: no key, so nothing else may share them.
  Public: 2,
  OutboxSweeper: 1,
} as const;

export class RenameFeedbackStack extends Stack {
  constructor(scope: Construct, id: string, props: RenameFeedbackStackProps) {
    super(scope, id, props);
    const { stage } = props;
    const operations = readOperationsSettings(this.node);
    const removalPolicy = stage.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    const data = new DataStores(this, 'Data', {
      config: stage.dataStores,
      retainData: stage.retainData,
    });
    const feedback = new FeedbackQueue(this, 'Feedback', {
      consumerTimeout: LEARN_TIMEOUT,
      batchingWindow: Duration.seconds(LEARN_EVENT_SOURCE.maxBatchingWindowSeconds),
    });
    const retrain = new RetrainQueue(this, 'Retrain');
    const idempotency = new dynamodb.Table(this, 'Idempotency', {
      partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: 'expiration',
      removalPolicy,
    });

    const common = {
      ...props.functionSettings,
      STAGE: stage.name,
      FEEDBACK_QUEUE_URL: feedback.queue.queueUrl,
    };
    // Only the VPC this stack made: an imported one's flow logs are its owner's.
    if (data.vpc && stage.dataStores.kind === 'created') {
      new VpcFlowLog(this, 'VpcFlowLog', { vpc: data.vpc, retainLogs: stage.retainData });
    }
    const network = data.vpc
      ? {
          vpc: data.vpc,
          securityGroups:
            data.importedSecurityGroups ??
            (data.functionSecurityGroup ? [data.functionSecurityGroup] : []),
          subnets: data.functionSubnets,
        }
      : {};
    // The emulator (`npm start`) migrates its own database before it starts the functions.
    const migrations =
      stage.name === 'local'
        ? undefined
        : new DatabaseMigrations(this, 'DatabaseMigrations', {
            data,
            retainLogs: stage.retainData,
            functionSettings: props.functionSettings,
            ...network,
          });
    // The first keys of a deployed stack, registered by the migrations; `npm start` makes its own.
    const bootstrapKeys = migrations
      ? new BootstrapKeys(this, 'BootstrapKeys', { retain: stage.retainData })
      : undefined;
    if (migrations && bootstrapKeys) bootstrapKeys.grantRegister(migrations.function);
    const make = (
      id: keyof typeof RESERVED_CONCURRENCY,
      entry: FunctionEntry,
      timeout: Duration,
      extra = {},
    ) => {
      const fn = new ServiceFunction(this, id, {
        entry,
        timeout,
        reservedConcurrency: stage.reservedConcurrency ? RESERVED_CONCURRENCY[id] : undefined,
        memorySize: MEMORY_SIZE_MB[id],
        retainLogs: stage.retainData,
        environment: { ...common, ...data.connectionEnvironment(DATABASE_ROLES[id]), ...extra },
        ...network,
      });
      data.grantConnect(fn, DATABASE_ROLES[id]);
      // No function that reads the schema is updated before the schema is.
      migrations?.runBefore(fn);
      return fn;
    };

    const submit = make('Submit', 'submit', Duration.seconds(10), {
      IDEMPOTENCY_TABLE_NAME: idempotency.tableName,
    });
    feedback.queue.grantSendMessages(submit);
    idempotency.grant(submit, ...DYNAMODB_ACTIONS.idempotency);

    // Only the functions that publish training jobs know the retrain queue.
    const retrainQueueUrl = { RETRAIN_QUEUE_URL: retrain.queue.queueUrl };
    const learn = make('Learn', 'learn', LEARN_TIMEOUT, retrainQueueUrl);
    retrain.queue.grantSendMessages(learn);
    learn.addEventSource(
      new sources.SqsEventSource(feedback.queue, {
        batchSize: LEARN_EVENT_SOURCE.batchSize,
        maxBatchingWindow: Duration.seconds(LEARN_EVENT_SOURCE.maxBatchingWindowSeconds),
        reportBatchItemFailures: true,
        maxConcurrency: LEARN_EVENT_SOURCE.maxConcurrency,
      }),
    );

    const metrics = make('Metrics', 'metrics', Duration.seconds(10));

    // Experiment definitions: per tenant, every write conditional on the version read.
    const experimentsTable = new dynamodb.Table(this, 'ExperimentDefinitions', {
      partitionKey: { name: 'tenantId', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'experimentId', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy,
    });
    const experiments = make('Experiments', 'experiments', Duration.seconds(10), {
      EXPERIMENTS_TABLE_NAME: experimentsTable.tableName,
    });
    experimentsTable.grant(experiments, ...DYNAMODB_ACTIONS.experiments);

    // Under the HTTP API's 29 s integration timeout, so a slow redrive ends in the function,
    // not as a 503 from the gateway.
    const ops = make('Ops', 'ops', Duration.seconds(25), {
      FEEDBACK_DLQ_URL: feedback.deadLetterQueue.queueUrl,
      ...retrainQueueUrl,
    });
    feedback.queue.grantSendMessages(ops);
    retrain.queue.grantSendMessages(ops);
    feedback.queue.grant(ops, 'sqs:GetQueueAttributes');
    feedback.deadLetterQueue.grantConsumeMessages(ops);
    feedback.deadLetterQueue.grant(ops, 'sqs:GetQueueAttributes');
    new CursorSigningKey(this, 'CursorSigningKey', { local: stage.name === 'local' }).grantUse(ops);

    // Readiness reads PostgreSQL and the feedback queue; both give up within 3 s.
    const publicApi = make('Public', 'public', Duration.seconds(5));
    feedback.queue.grant(publicApi, 'sqs:GetQueueAttributes');

    const sweeper = make('OutboxSweeper', 'sweep-outbox', Duration.seconds(60), retrainQueueUrl);
    feedback.queue.grantSendMessages(sweeper);
    retrain.queue.grantSendMessages(sweeper);
    new events.Rule(this, 'SweepOutboxSchedule', {
      description: 'Republishes feedback committed but not yet sent to the queue',
      schedule: events.Schedule.rate(Duration.minutes(1)),
      targets: [new targets.LambdaFunction(sweeper)],
    });

    const http = new HttpApi(this, 'Http', {
      throttle: operations.apiThrottle,
      routeClassThrottles: new Map([
        [publicApi, ROUTE_CLASS_THROTTLE.Public],
        [ops, ROUTE_CLASS_THROTTLE.Ops],
      ]),
      retainLogs: stage.retainData,
      routes: [
        { method: 'POST', path: '/v1/feedback', handler: submit },
        { method: 'POST', path: '/v1/feedback/batch', handler: submit },
        { method: 'GET', path: '/v1/metrics', handler: metrics },
        { method: 'GET', path: '/v1/feedback/{id}', handler: metrics },
        { method: 'GET', path: '/v1/models/{modelVersion}/calibration', handler: metrics },
        { method: 'POST', path: '/v1/models/{modelVersion}/calibrate', handler: metrics },
        { method: 'GET', path: '/v1/users/{userId}/preferences', handler: metrics },
        { method: 'POST', path: '/v1/users/{userId}/preferences/apply', handler: metrics },
        { method: 'POST', path: '/v1/experiments', handler: experiments },
        { method: 'GET', path: '/v1/experiments', handler: experiments },
        { method: 'GET', path: '/v1/experiments/sample-size', handler: experiments },
        { method: 'GET', path: '/v1/experiments/{id}', handler: experiments },
        { method: 'PATCH', path: '/v1/experiments/{id}', handler: experiments },
        { method: 'POST', path: '/v1/experiments/{id}/start', handler: experiments },
        { method: 'POST', path: '/v1/experiments/{id}/pause', handler: experiments },
        { method: 'POST', path: '/v1/experiments/{id}/resume', handler: experiments },
        { method: 'POST', path: '/v1/experiments/{id}/conclude', handler: experiments },
        { method: 'POST', path: '/v1/experiments/{id}/cancel', handler: experiments },
        { method: 'GET', path: '/v1/experiments/{id}/results', handler: experiments },
        { method: 'GET', path: '/v1/experiments/{id}/assignment', handler: experiments },
        { method: 'GET', path: '/v1/assignments', handler: experiments },
        { method: 'GET', path: '/v1/models/default', handler: experiments },
        { method: 'GET', path: '/v1/health', handler: publicApi },
        { method: 'GET', path: '/v1/openapi.json', handler: publicApi },
        { method: 'GET', path: '/v1/admin/queues', handler: ops },
        { method: 'POST', path: '/v1/admin/dlq/redrive', handler: ops },
        { method: 'GET', path: '/v1/training-data', handler: ops },
        { method: 'GET', path: '/v1/learning/status', handler: ops },
        { method: 'POST', path: '/v1/learning/retrain', handler: ops },
        { method: 'POST', path: '/v1/learning/jobs/{id}/complete', handler: ops },
        { method: 'POST', path: '/v1/keys', handler: ops },
        { method: 'GET', path: '/v1/keys', handler: ops },
        { method: 'DELETE', path: '/v1/keys/{id}', handler: ops },
        { method: 'POST', path: '/v1/admin/tenants/{tenantId}/keys', handler: ops },
      ],
    });
    // Fixed logical ids: the CI workflow reads them from `cdk deploy --outputs-file`.
    // With WAF, clients go through CloudFront: ApiUrl is the distribution's, and the gateway's
    // own endpoint is kept apart (it bypasses the web ACL: docs/known-gaps.md).
    const edge = operations.waf
      ? new EdgeFirewall(this, 'Edge', { api: http.api, settings: operations.waf })
      : undefined;
    new CfnOutput(this, 'ApiUrl', {
      value: edge ? `https://${edge.distribution.distributionDomainName}` : http.api.apiEndpoint,
    });
    if (edge) {
      new CfnOutput(this, 'GatewayUrl', { value: http.api.apiEndpoint });
      new CfnOutput(this, 'WebAclArn', { value: edge.webAclArn });
    }
    new CfnOutput(this, 'FeedbackQueueUrl', { value: feedback.queue.queueUrl });
    new CfnOutput(this, 'FeedbackDeadLetterQueueUrl', {
      value: feedback.deadLetterQueue.queueUrl,
    });
    new CfnOutput(this, 'RetrainQueueUrl', { value: retrain.queue.queueUrl });
    if (bootstrapKeys) {
      new CfnOutput(this, 'BootstrapAdminKeySecretArn', {
        value: bootstrapKeys.adminKey.secretArn,
      });
      new CfnOutput(this, 'BootstrapOperatorKeySecretArn', {
        value: bootstrapKeys.operatorKey.secretArn,
      });
    }
    const databaseSecretArn = data.databaseSecretArn();
    if (databaseSecretArn) new CfnOutput(this, 'DatabaseSecretArn', { value: databaseSecretArn });
    const apiFunctions = {
      Submit: submit,
      Metrics: metrics,
      Experiments: experiments,
      Ops: ops,
      Public: publicApi,
    };
    new Alarms(this, 'Alarms', {
      queue: feedback.queue,
      deadLetterQueue: feedback.deadLetterQueue,
      retrainDeadLetterQueue: retrain.deadLetterQueue,
      api: http.api,
      apiFunctions,
      learn,
      otherFunctions: { OutboxSweeper: sweeper },
      // Only a database the stack created (not when imported, nor for `npm start`).
      database: data.database
        ? {
            instance: data.database,
            usableConnections: USABLE_CONNECTIONS[databaseInstanceClass(stage.retainData)],
          }
        : undefined,
      email: operations.alarmEmail,
    });
    new Dashboard(this, 'Observability', {
      stage: stage.name,
      api: http.api,
      functions: { ...apiFunctions, Learn: learn, OutboxSweeper: sweeper },
      learn,
      queues: {
        Feedback: feedback.queue,
        'Feedback DLQ': feedback.deadLetterQueue,
        Retrain: retrain.queue,
        'Retrain DLQ': retrain.deadLetterQueue,
      },
    });
  }
}
