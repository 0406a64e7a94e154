import { createHash } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { SignatureV4 } from '@smithy/signature-v4';
import { isAwsUnavailable } from './aws-unavailable';

/** What signs and addresses a request: the SDK client's own providers (sqs.ts). */
export interface SqsSigning {
  region: () => Promise<string>;
  credentials: () => Promise<{
    accessKeyId: string;
    secretAccessKey: string;
    sessionToken?: string;
  }>;
  sha256: ConstructorParameters<typeof SignatureV4>[0]['sha256'];
  /** Where SQS answers; without it, the queue URL's own origin, as the SDK does by default. */
  endpoint?: string;
}

export interface BatchEntry {
  Id: string;
  MessageBody: string;
}

/** An answer SQS gave to the whole request (not to one entry): status, code and message. */
export class SqsRequestError extends Error {
  override name = 'SqsRequestError';
  /** As the SDK marks it, so that callers tell a retryable fault apart (aws-unavailable.ts). */
  readonly $fault: 'client' | 'server';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(`SQS answered ${status} ${code}: ${message}`);
    this.$fault = status >= 500 || THROTTLING_CODES.has(code) ? 'server' : 'client';
  }
}

const THROTTLING_CODES = new Set(['ThrottlingException', 'RequestThrottled', 'Throttling']);
const ATTEMPTS = 3;
/** Per attempt: a publish after commit is best effort, and must not hold the answer long. */
const ATTEMPT_TIMEOUT_MS = 2_000;

/**
 * SendMessageBatch as one signed HTTP request in SQS's JSON protocol, on a keep-alive
 * connection: what the SDK's command sends, without its generic pipeline (schema
 * serialization, a dozen middleware, endpoint rules per call), which the profile of a warm
 * submit showed costing more CPU than all of the rest of the request (docs/benchmarks.md).
 * Three attempts, as the SDK's standard mode. Returns the ids SQS accepted whose body
 * digest it echoed correctly.
 */
export function createBatchSender(signing: SqsSigning) {
  const signer = new SignatureV4({
    service: 'sqs',
    region: signing.region,
    credentials: signing.credentials,
    sha256: signing.sha256,
  });
  const agents = {
    'http:': new http.Agent({ keepAlive: true, maxSockets: 50 }),
    'https:': new https.Agent({ keepAlive: true, maxSockets: 50 }),
  };

  async function attempt(
    queueUrl: string,
    entries: BatchEntry[],
    traceHeader: string | undefined,
  ): Promise<string[]> {
    const url = new URL(signing.endpoint ?? new URL(queueUrl).origin);
    const body = JSON.stringify({ QueueUrl: queueUrl, Entries: entries });
    const signed = await signer.sign({
      method: 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port ? Number(url.port) : undefined,
      path: '/',
      query: {},
      headers: {
        host: url.host,
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'AmazonSQS.SendMessageBatch',
        // Errors then carry the codes of SQS's query protocol, as the SDK asks for them.
        'x-amzn-query-mode': 'true',
        'content-length': String(Buffer.byteLength(body)),
      },
      body,
    });
    // Unsigned, as the SDK sends it: SQS hands the trace on with the messages.
    const headers = traceHeader
      ? { ...signed.headers, 'x-amzn-trace-id': traceHeader }
      : signed.headers;
    const answer = await post(url, headers, body);
    const parsed = parseJson(answer.body);
    if (answer.status !== 200) {
      const code = String(parsed.__type ?? `Http${answer.status}`).replace(/^.*#/, '');
      throw new SqsRequestError(
        answer.status,
        code,
        String(parsed.message ?? parsed.Message ?? ''),
      );
    }
    const bodies = new Map(entries.map((entry) => [entry.Id, entry.MessageBody]));
    const successful = Array.isArray(parsed.Successful) ? parsed.Successful : [];
    return successful.flatMap((entry: { Id?: unknown; MD5OfMessageBody?: unknown }) => {
      const sentBody = typeof entry.Id === 'string' ? bodies.get(entry.Id) : undefined;
      // A digest that does not match means the message SQS stored is not the one sent.
      if (sentBody === undefined || entry.MD5OfMessageBody !== md5(sentBody)) return [];
      return [entry.Id as string];
    });
  }

  function post(url: URL, headers: Record<string, string>, body: string) {
    const transport = url.protocol === 'https:' ? https : http;
    return new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = transport.request(
        {
          protocol: url.protocol,
          hostname: url.hostname,
          port: url.port || undefined,
          method: 'POST',
          path: '/',
          headers,
          agent: agents[url.protocol as keyof typeof agents],
          timeout: ATTEMPT_TIMEOUT_MS,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 0,
              body: Buffer.concat(chunks).toString('utf8'),
            }),
          );
          response.on('error', reject);
        },
      );
      request.on('timeout', () => {
        const error = Object.assign(new Error('SQS did not answer in time'), {
          name: 'TimeoutError',
        });
        request.destroy(error);
      });
      request.on('error', reject);
      request.end(body);
    });
  }

  /**
   * Sends up to ten entries (SQS's limit per batch); returns the ids SQS accepted.
   * `traceHeader`: the caller's X-Ray trace, as `X-Amzn-Trace-Id` (tracer.ts).
   */
  return async function sendBatch(
    queueUrl: string,
    entries: BatchEntry[],
    traceHeader?: string,
  ): Promise<string[]> {
    for (let tries = 1; ; tries++) {
      try {
        return await attempt(queueUrl, entries, traceHeader);
      } catch (error) {
        // The same faults the SDK's standard mode retries: 5xx, throttling, no answer (a
        // keep-alive socket the server closed while idle fails so, and a retry reconnects).
        if (tries >= ATTEMPTS || !isAwsUnavailable(error)) throw error;
        // Full jitter on 25 ms, 50 ms: short, since a request waits on this.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 25 * 2 ** (tries - 1)));
      }
    }
  };
}

function parseJson(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function md5(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}
