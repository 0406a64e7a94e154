import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import {
  ConditionalCheckFailedException,
  CreateTableCommand,
  DeleteItemCommand,
  DynamoDBClient,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalServices, startLocalServices } from '../../../local/emulator/local-services';

let services: LocalServices;
let dynamodb: DynamoDBClient;

beforeAll(async () => {
  services = await startLocalServices();
  dynamodb = new DynamoDBClient({
    endpoint: services.dynamodbEndpoint,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
});
afterAll(async () => {
  dynamodb.destroy();
  await services.stop();
});

/** This machine's addresses that other machines could reach (none on a machine offline). */
function externalAddresses(): string[] {
  return Object.values(os.networkInterfaces())
    .flatMap((addresses) => addresses ?? [])
    .filter((address) => !address.internal && !address.address.startsWith('fe80:'))
    .map((address) => address.address);
}

/** Resolves with the error code of a connection attempt, or 'connected'. */
function tryConnect(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 2000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve('timeout');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
  });
}

/**
 * The local addresses of the sockets listening on `port`, from Linux's socket tables
 * (hex, as the kernel writes them: 0100007F is 127.0.0.1, 00000000 every interface), or
 * undefined where there are none to read.
 */
function listeningAddresses(port: number): string[] | undefined {
  const tables = ['/proc/net/tcp', '/proc/net/tcp6'].filter((file) => existsSync(file));
  if (tables.length === 0) return undefined;
  const portHex = port.toString(16).toUpperCase().padStart(4, '0');
  return tables.flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      // Fields: sl, local_address, rem_address, st (0A: LISTEN), ...
      .filter((fields) => fields[3] === '0A' && fields[1]?.endsWith(`:${portHex}`))
      .map((fields) => fields[1]?.split(':')[0] ?? ''),
  );
}

// Not an AWS behaviour: fauxqs has no authentication, so nobody but this machine may reach it.
describe('the local SQS service (fauxqs)', () => {
  // Emulator: fauxqs has no authentication, so the emulator keeps it to this machine; AWS
  // endpoints need signed requests instead.
  it('listens on loopback only: a non-loopback address of this machine is refused', async () => {
    const port = services.fauxqs.port;
    expect(await tryConnect('127.0.0.1', port)).toBe('connected');
    const external = externalAddresses();
    for (const address of external) {
      expect({ address, outcome: await tryConnect(address, port) }).toEqual({
        address,
        outcome: 'ECONNREFUSED',
      });
    }
    // fauxqs's own `address` names 127.0.0.1 even when it listens on 0.0.0.0: the kernel's
    // table says which address is bound, whether this machine has another address or not.
    const bound = listeningAddresses(port);
    if (bound !== undefined) expect(bound).toEqual(['0100007F']);
    expect(external.length > 0 || bound !== undefined).toBe(true);
  });
});

/** The error a request fails with (the test fails if it succeeds). */
async function failure(request: Promise<unknown>): Promise<unknown> {
  return request.then(
    () => expect.fail('the request succeeded'),
    (error: unknown) => error,
  );
}

/**
 * DynamoDB API Reference, "PutItem" / "UpdateItem" / "DeleteItem",
 * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PutItem.html (and
 * API_UpdateItem.html, API_DeleteItem.html): ReturnValuesOnConditionCheckFailure returns the
 * item attributes of an operation that failed a condition check, ALL_OLD or NONE. The error's
 * shape, `message` and `Item` ("Item which caused the ConditionalCheckFailedException"):
 * https://docs.aws.amazon.com/botocore/latest/reference/services/dynamodb/client/exceptions/ConditionalCheckFailedException.html
 */
describe('the local DynamoDB (dynalite) on a failed condition', () => {
  const TableName = 'conditions';
  const stored = { pk: { S: 'job-1' }, status: { S: 'INPROGRESS' }, expiry: { N: '42' } };

  beforeAll(async () => {
    await dynamodb.send(
      new CreateTableCommand({
        TableName,
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    await dynamodb.send(new PutItemCommand({ TableName, Item: stored }));
  });

  // AWS: PutItem, https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PutItem.html
  // AWS: UpdateItem, https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateItem.html
  // AWS: DeleteItem, https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DeleteItem.html
  it('returns the stored item with ALL_OLD on PutItem, UpdateItem and DeleteItem', async () => {
    const condition = {
      ConditionExpression: 'attribute_not_exists(pk)',
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
    };
    const errors = [
      await failure(
        dynamodb.send(
          new PutItemCommand({ TableName, Item: { pk: { S: 'job-1' } }, ...condition }),
        ),
      ),
      await failure(
        dynamodb.send(
          new UpdateItemCommand({
            TableName,
            Key: { pk: { S: 'job-1' } },
            UpdateExpression: 'SET #s = :s',
            ExpressionAttributeNames: { '#s': 'status' },
            ExpressionAttributeValues: { ':s': { S: 'COMPLETED' } },
            ...condition,
          }),
        ),
      ),
      await failure(
        dynamodb.send(
          new DeleteItemCommand({ TableName, Key: { pk: { S: 'job-1' } }, ...condition }),
        ),
      ),
    ];
    for (const error of errors) {
      expect(error).toBeInstanceOf(ConditionalCheckFailedException);
      expect((error as ConditionalCheckFailedException).Item).toEqual(stored);
    }
  });

  // AWS: PutItem, https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PutItem.html
  it('returns no item without ALL_OLD, nor when no item is stored', async () => {
    const withoutAllOld = await failure(
      dynamodb.send(
        new PutItemCommand({
          TableName,
          Item: { pk: { S: 'job-1' } },
          ConditionExpression: 'attribute_not_exists(pk)',
          ReturnValuesOnConditionCheckFailure: 'NONE',
        }),
      ),
    );
    const nothingStored = await failure(
      dynamodb.send(
        new DeleteItemCommand({
          TableName,
          Key: { pk: { S: 'no-such-job' } },
          ConditionExpression: 'attribute_exists(pk)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      ),
    );
    for (const error of [withoutAllOld, nothingStored]) {
      expect(error).toBeInstanceOf(ConditionalCheckFailedException);
      expect((error as ConditionalCheckFailedException).Item).toBeUndefined();
    }
  });
});
