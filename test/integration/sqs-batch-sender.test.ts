import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { type FauxqsServer, startFauxqs } from 'fauxqs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createBatchSender, SqsRequestError } from '../../functions/adapters/sqs-batch-sender';

const CREDENTIALS = {
  accessKeyId: 'AKIDLOCAL',
  secretAccessKey: 'local-secret',
  sessionToken: 'tok',
};
const REGION = 'eu-west-1';
const QUEUE_URL = 'https://sqs.eu-west-1.amazonaws.com/123456789012/feedback';
// The SDK's own hash constructor, as sqs.ts passes the client's.
const sha256 = new SQSClient({ region: REGION, credentials: CREDENTIALS }).config.sha256;
const senderFor = (endpoint: string) =>
  createBatchSender({
    region: async () => REGION,
    credentials: async () => CREDENTIALS,
    sha256,
    endpoint,
  });
const md5 = (text: string) => createHash('md5').update(text).digest('hex');
const entries = (...bodies: string[]) =>
  bodies.map((body, i) => ({ Id: String(i), MessageBody: body }));

describe('SendMessageBatch against an SQS implementation', () => {
  let fauxqs: FauxqsServer;
  beforeAll(async () => {
    fauxqs = await startFauxqs({ port: 0, logger: false });
  });
  afterAll(async () => {
    await fauxqs?.stop();
  });

  it('delivers every entry, and the SDK receives the same bodies', async () => {
    const endpoint = `http://127.0.0.1:${fauxqs.port}`;
    const { queueUrl } = fauxqs.createQueue('sender-delivery', {});
    const bodies = ['{"feedbackId":"a"}', '{"name":"été"}', 'x'.repeat(2000)];

    const sent = await senderFor(endpoint)(queueUrl, entries(...bodies));

    expect(sent.sort()).toEqual(['0', '1', '2']);
    const sdk = new SQSClient({
      endpoint,
      region: REGION,
      credentials: CREDENTIALS,
      useQueueUrlAsEndpoint: false,
    });
    const received = await sdk.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10 }),
    );
    expect(received.Messages?.map((m) => m.Body).sort()).toEqual([...bodies].sort());
    sdk.destroy();
  });
});

describe('SendMessageBatch as the wire sees it', () => {
  let server: Server;
  let endpoint: string;
  let answer: (request: IncomingMessage, body: string, response: ServerResponse) => void;
  const seen: { headers: IncomingMessage['headers']; body: string }[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        seen.push({ headers: request.headers, body });
        answer(request, body, response);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(() => {
    seen.length = 0;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const accept = (body: string, response: ServerResponse) => {
    const request = JSON.parse(body) as { Entries: { Id: string; MessageBody: string }[] };
    response.setHeader('content-type', 'application/x-amz-json-1.0');
    response.end(
      JSON.stringify({
        Successful: request.Entries.map((e) => ({
          Id: e.Id,
          MessageId: `m-${e.Id}`,
          MD5OfMessageBody: md5(e.MessageBody),
        })),
        Failed: [],
      }),
    );
  };

  it('signs each request as AWS Signature Version 4 defines it', async () => {
    answer = (_request, body, response) => accept(body, response);

    await senderFor(endpoint)(QUEUE_URL, entries('{"feedbackId":"a"}'));

    const [request] = seen;
    if (!request) throw new Error('No request arrived');
    expect(request.headers['x-amz-target']).toBe('AmazonSQS.SendMessageBatch');
    expect(request.headers['content-type']).toBe('application/x-amz-json-1.0');
    expect(request.headers['x-amz-security-token']).toBe('tok');
    expect(JSON.parse(request.body)).toEqual({
      QueueUrl: QUEUE_URL,
      Entries: [{ Id: '0', MessageBody: '{"feedbackId":"a"}' }],
    });
    const authorization = String(request.headers.authorization);
    const signedHeaders = /SignedHeaders=([^,]+)/.exec(authorization)?.[1]?.split(';') ?? [];
    expect(signedHeaders).toEqual(
      expect.arrayContaining(['host', 'x-amz-date', 'x-amz-target', 'x-amz-security-token']),
    );
    expect(authorization).toBe(expectedAuthorization(request.headers, request.body, signedHeaders));
  });

  it('reports only the entries SQS accepted with the digest of the body sent', async () => {
    answer = (_request, _body, response) => {
      response.end(
        JSON.stringify({
          Successful: [
            { Id: '0', MessageId: 'm-0', MD5OfMessageBody: md5('first') },
            { Id: '1', MessageId: 'm-1', MD5OfMessageBody: md5('not what was sent') },
          ],
          Failed: [{ Id: '2', SenderFault: true, Code: 'InvalidMessageContents', Message: 'no' }],
        }),
      );
    };

    const sent = await senderFor(endpoint)(QUEUE_URL, entries('first', 'second', 'third'));

    expect(sent).toEqual(['0']);
  });

  it('retries a server fault and a dropped connection, then succeeds', async () => {
    let attempts = 0;
    answer = (_request, body, response) => {
      attempts += 1;
      if (attempts === 1) {
        response.statusCode = 500;
        response.end(JSON.stringify({ __type: 'com.amazonaws.sqs#InternalError', message: 'x' }));
      } else if (attempts === 2) {
        response.socket?.destroy();
      } else {
        accept(body, response);
      }
    };

    const sent = await senderFor(endpoint)(QUEUE_URL, entries('once'));

    expect(sent).toEqual(['0']);
    expect(attempts).toBe(3);
  });

  it('gives up at once on a request SQS refuses, with its code', async () => {
    answer = (_request, _body, response) => {
      response.statusCode = 400;
      response.end(
        JSON.stringify({ __type: 'com.amazonaws.sqs#QueueDoesNotExist', message: 'gone' }),
      );
    };

    const sending = senderFor(endpoint)(QUEUE_URL, entries('lost'));

    await expect(sending).rejects.toBeInstanceOf(SqsRequestError);
    await expect(sending).rejects.toMatchObject({ code: 'QueueDoesNotExist', $fault: 'client' });
    expect(seen).toHaveLength(1);
  });
});

/**
 * The Authorization header recomputed from the request as received, step by step from the
 * AWS Signature Version 4 specification (canonical request, string to sign, derived key),
 * independently of the signer under test.
 */
function expectedAuthorization(
  headers: IncomingMessage['headers'],
  body: string,
  signedHeaders: string[],
): string {
  const hash = (text: string) => createHash('sha256').update(text).digest('hex');
  const hmac = (key: Buffer | string, text: string) =>
    createHmac('sha256', key).update(text).digest();
  const amzDate = String(headers['x-amz-date']);
  const day = amzDate.slice(0, 8);
  const canonicalHeaders = [...signedHeaders]
    .sort()
    .map((name) => `${name}:${String(headers[name]).trim().replace(/\s+/g, ' ')}\n`)
    .join('');
  const payloadHash = String(headers['x-amz-content-sha256'] ?? hash(body));
  const canonicalRequest = [
    'POST',
    '/',
    '',
    canonicalHeaders,
    [...signedHeaders].sort().join(';'),
    payloadHash,
  ].join('\n');
  const scope = `${day}/${REGION}/sqs/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, hash(canonicalRequest)].join('\n');
  const key = hmac(
    hmac(hmac(hmac(`AWS4${CREDENTIALS.secretAccessKey}`, day), REGION), 'sqs'),
    'aws4_request',
  );
  const signature = createHmac('sha256', key).update(stringToSign).digest('hex');
  return `AWS4-HMAC-SHA256 Credential=${CREDENTIALS.accessKeyId}/${scope}, SignedHeaders=${[...signedHeaders].sort().join(';')}, Signature=${signature}`;
}
