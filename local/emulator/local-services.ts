import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import dynalite from 'dynalite';
import { type FauxqsServer, startFauxqs } from 'fauxqs';
import { ACCOUNT_ID, REGION } from './aws-identity';
import { returnItemsOnConditionFailure } from './dynalite-condition-item';
import { onLoopback } from './loopback-listen';
import type { QueueSpec, TableSpec } from './stack-model';

/** DynamoDB (dynalite) and SQS (fauxqs), in this process, on loopback ports. */
export interface LocalServices {
  sqsEndpoint: string;
  dynamodbEndpoint: string;
  fauxqs: FauxqsServer;
  /** The emulator's own SQS client (pollers, restore). */
  sqs: SQSClient;
  /** The URL fauxqs gives a queue of that name. */
  queueUrl(name: string): string;
  stop(): Promise<void>;
}

const CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

export async function startLocalServices(): Promise<LocalServices> {
  returnItemsOnConditionFailure();
  const dynamo: Server = dynalite({ createTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    dynamo.once('error', reject);
    dynamo.listen(0, '127.0.0.1', () => resolve());
  });
  const dynamodbEndpoint = `http://127.0.0.1:${(dynamo.address() as AddressInfo).port}`;
  const fauxqs = await onLoopback(() => startFauxqs({ port: 0, logger: false }));
  const sqsEndpoint = `http://127.0.0.1:${fauxqs.port}`;
  // Queue URLs name a host that need not resolve: every client sends to the endpoint instead.
  const sqs = new SQSClient({
    endpoint: sqsEndpoint,
    region: REGION,
    credentials: CREDENTIALS,
    useQueueUrlAsEndpoint: false,
  });
  return {
    sqsEndpoint,
    dynamodbEndpoint,
    fauxqs,
    sqs,
    queueUrl: (name) => `http://sqs.${REGION}.localhost:${fauxqs.port}/${ACCOUNT_ID}/${name}`,
    async stop() {
      sqs.destroy();
      // Ends the long polls fauxqs still holds for clients that are gone.
      fauxqs.purgeAll();
      await fauxqs.stop();
      await new Promise<void>((resolve) => dynamo.close(() => resolve()));
    },
  };
}

/** Creates the queues, dead-letter queues before the queues that redrive to them. */
export function createQueues(services: LocalServices, queues: QueueSpec[]): void {
  const created = new Set<string>();
  const create = (queue: QueueSpec, path: string[]) => {
    if (created.has(queue.arn)) return;
    if (path.includes(queue.arn)) throw new Error(`Redrive policies loop: ${path.join(' -> ')}`);
    const target = queues.find((q) => q.arn === queue.deadLetterArn);
    if (queue.deadLetterArn && !target) {
      throw new Error(
        `Queue ${queue.logicalId} redrives to ${queue.deadLetterArn}, not in this stack`,
      );
    }
    if (target) create(target, [...path, queue.arn]);
    const { queueUrl } = services.fauxqs.createQueue(queue.name, {
      attributes: queue.attributes,
      tags: queue.tags,
    });
    if (queueUrl !== queue.url) {
      throw new Error(`fauxqs named queue ${queue.name} ${queueUrl}, expected ${queue.url}`);
    }
    created.add(queue.arn);
  };
  for (const queue of queues) create(queue, []);
}

export async function createTables(services: LocalServices, tables: TableSpec[]): Promise<void> {
  if (tables.length === 0) return;
  const client = new DynamoDBClient({
    endpoint: services.dynamodbEndpoint,
    region: REGION,
    credentials: CREDENTIALS,
  });
  try {
    for (const table of tables) {
      await client.send(new CreateTableCommand(table.input));
      // dynalite turns a table ACTIVE on its next tick; a function must never see CREATING.
      for (let attempt = 0; attempt < 100; attempt += 1) {
        const described = await client.send(new DescribeTableCommand({ TableName: table.name }));
        if (described.Table?.TableStatus === 'ACTIVE') break;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    }
  } finally {
    client.destroy();
  }
}
