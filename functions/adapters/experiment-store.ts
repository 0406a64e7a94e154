import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateQuery,
} from '@aws-sdk/lib-dynamodb';
import { ConflictError, DependencyUnavailableError } from '#core/errors';
import type { Experiment } from '#core/experiments/definition';
import { dynamoDbClient } from './dynamodb';

/** Experiment definitions and their lifecycle, one DynamoDB item per (tenant, experiment). */
export interface ExperimentStore {
  get(tenantId: string, experimentId: string): Promise<Experiment | undefined>;
  list(tenantId: string): Promise<Experiment[]>;
  /** Writes a new experiment; an id already taken is a 409. */
  create(experiment: Experiment): Promise<Experiment>;
  /**
   * Replaces the experiment if its stored version is still `expectedVersion`, storing it as
   * the next version. Someone else's write in between (a stale write) is a 409.
   */
  replace(experiment: Experiment, expectedVersion: number): Promise<Experiment>;
}

const documents = DynamoDBDocumentClient.from(dynamoDbClient, {
  marshallOptions: { removeUndefinedValues: true },
});

/** DynamoDB with optimistic concurrency: every write is conditional on the version read. */
export function dynamoExperimentStore(tableName: string): ExperimentStore {
  return {
    async get(tenantId, experimentId) {
      const found = await send(() =>
        documents.send(
          new GetCommand({
            TableName: tableName,
            Key: { tenantId, experimentId },
            ConsistentRead: true,
          }),
        ),
      );
      return found.Item ? fromItem(found.Item) : undefined;
    },
    async list(tenantId) {
      const experiments: Experiment[] = [];
      const pages = paginateQuery(
        { client: documents },
        {
          TableName: tableName,
          KeyConditionExpression: 'tenantId = :tenant',
          ExpressionAttributeValues: { ':tenant': tenantId },
          ConsistentRead: true,
        },
      );
      await send(async () => {
        for await (const page of pages) {
          for (const item of page.Items ?? []) experiments.push(fromItem(item));
        }
      });
      return experiments;
    },
    async create(experiment) {
      await send(() =>
        documents.send(
          new PutCommand({
            TableName: tableName,
            Item: toItem(experiment),
            ConditionExpression: 'attribute_not_exists(experimentId)',
          }),
        ),
      );
      return experiment;
    },
    async replace(experiment, expectedVersion) {
      const next = { ...experiment, version: expectedVersion + 1 };
      await send(() =>
        documents.send(
          new PutCommand({
            TableName: tableName,
            Item: toItem(next),
            ConditionExpression: '#version = :expected',
            ExpressionAttributeNames: { '#version': 'version' },
            ExpressionAttributeValues: { ':expected': expectedVersion },
          }),
        ),
      );
      return next;
    },
  };
}

async function send<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) {
      throw new ConflictError('The experiment was changed by someone else; read it and retry', {
        cause: error,
      });
    }
    const fault = (error as { $fault?: unknown } | null)?.$fault;
    const name = error instanceof Error ? error.name : '';
    // Throttling, a server fault or no connection: the client may retry.
    if (fault === 'server' || /Throttl|ECONNREFUSED|TimeoutError|NetworkingError/.test(name)) {
      throw new DependencyUnavailableError('Experiments are unavailable; retry later', {
        cause: error,
      });
    }
    throw error;
  }
}

/** The frozen results are kept as JSON text: any shape, nulls included, survives as written. */
function toItem(experiment: Experiment): Record<string, unknown> {
  const { finalResults, ...rest } = experiment;
  return {
    ...rest,
    finalResults: finalResults === null ? null : JSON.stringify(finalResults),
  };
}

function fromItem(item: Record<string, unknown>): Experiment {
  const experiment = item as unknown as Experiment & { finalResults: string | null };
  return {
    ...experiment,
    finalResults:
      typeof experiment.finalResults === 'string' ? JSON.parse(experiment.finalResults) : null,
  };
}
