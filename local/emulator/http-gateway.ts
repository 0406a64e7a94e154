import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MAX_PAYLOAD_BYTES } from './function-instance';
import type { PoolOutcome, WhenBusy } from './function-pool';
import { buildHttpEvent, type HttpAnswer, newRequestId, readHttpResponse } from './http-event';
import { RouteTable } from './http-routes';
import type { HttpApiSpec } from './stack-model';

export interface HttpInvoker {
  invoke(functionLogicalId: string, event: unknown, whenBusy: WhenBusy): Promise<PoolOutcome>;
  /**
   * Throttle a function with reserved concurrency (answered 500, as API Gateway answers a
   * refused invoke); queue for one without (see WhenBusy).
   */
  whenBusy(functionLogicalId: string): WhenBusy;
}

export interface HttpGateway {
  url: string;
  port: number;
  /** Starts routing; until then every request is answered 503 with `Retry-After: 1`. */
  serve(api: HttpApiSpec | undefined, invoker: HttpInvoker): void;
  /** Stops accepting, lets requests in flight finish, then resolves. */
  close(): Promise<void>;
}

/** API Gateway refuses larger payloads. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

interface Target {
  functionLogicalId: string;
  timeoutMs: number;
}

/** API Gateway's own answers carry this JSON body. */
function gatewayAnswer(
  statusCode: number,
  message: string,
  headers: [string, string][] = [],
): HttpAnswer {
  return {
    statusCode,
    headers: [['content-type', 'application/json'], ...headers],
    body: Buffer.from(JSON.stringify({ message })),
  };
}

/**
 * The answer while the emulator starts (it listens before its functions are ready, so that
 * the API's URL is known to them). AWS has no such moment; a restarted `npm start` does,
 * and its clients must be told to come back, as every other 503 of the API tells them.
 */
const NOT_READY_YET = gatewayAnswer(503, 'Service Unavailable', [['retry-after', '1']]);

/** Listens first (the template's ApiEndpoint must be known), routes once `serve` is called. */
export async function listenHttpGateway(
  host: string,
  port: number,
  log: (line: string) => void,
): Promise<HttpGateway> {
  let routing: { apiId: string; routes: RouteTable<Target>; invoker: HttpInvoker } | undefined;
  let closing = false;

  const answer = async (request: IncomingMessage, requestId: string): Promise<HttpAnswer> => {
    if (!routing) return NOT_READY_YET;
    const body = await readBody(request);
    if (!body) return gatewayAnswer(413, 'Request Entity Too Large');
    const method = request.method ?? 'GET';
    const url = request.url ?? '/';
    const match = routing.routes.match(method, url.split('?')[0] ?? '/');
    if (!match) return gatewayAnswer(404, 'Not Found');
    const event = buildHttpEvent(
      {
        method,
        url,
        httpVersion: request.httpVersion,
        rawHeaders: request.rawHeaders,
        sourceIp: (request.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
        localPort: request.socket.localPort ?? port,
        body,
      },
      {
        apiId: routing.apiId,
        requestId,
        routeKey: match.routeKey,
        now: new Date(),
        ...(match.pathParameters ? { pathParameters: match.pathParameters } : {}),
      },
    );
    // Lambda refuses a larger event, and API Gateway passes that on as 413.
    if (Buffer.byteLength(JSON.stringify(event)) > MAX_PAYLOAD_BYTES) {
      return gatewayAnswer(413, 'Request Entity Too Large');
    }
    const { functionLogicalId, timeoutMs } = match.target;
    const { invoker } = routing;
    let timer: NodeJS.Timeout | undefined;
    const integrationTimeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const outcome = await Promise.race([
      invoker.invoke(functionLogicalId, event, invoker.whenBusy(functionLogicalId)),
      integrationTimeout,
    ]).finally(() => clearTimeout(timer));
    if (outcome === 'timeout') return gatewayAnswer(503, 'Service Unavailable');
    if (outcome.status === 'throttled') {
      // Lambda refuses the invoke (429 TooManyRequestsException) and API Gateway, which does
      // not retry, answers 500: a throttled function is a server error to the client.
      log(`[http] ${method} ${url}: function throttled (reserved concurrency used up)`);
      return gatewayAnswer(500, 'Internal Server Error');
    }
    if (outcome.status === 'error') {
      log(`[http] ${method} ${url}: ${outcome.error.errorType}: ${outcome.error.errorMessage}`);
      return gatewayAnswer(500, 'Internal Server Error');
    }
    const response = readHttpResponse(outcome.payload);
    if ('malformed' in response) {
      log(`[http] ${method} ${url}: malformed function response: ${response.malformed}`);
      return gatewayAnswer(500, 'Internal Server Error');
    }
    return response;
  };

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const requestId = newRequestId();
    const started = performance.now();
    answer(request, requestId)
      .catch((error: unknown) => {
        log(`[http] ${request.method} ${request.url}: ${String(error)}`);
        return gatewayAnswer(500, 'Internal Server Error');
      })
      .then((reply) => {
        const headers: [string, string][] = [
          ...reply.headers.filter(([name]) => name !== 'content-length'),
          ['content-length', String(reply.body.length)],
          ['apigw-requestid', requestId],
        ];
        // While stopping, each connection ends with its response instead of idling.
        if (closing) headers.push(['connection', 'close']);
        response.writeHead(reply.statusCode, headers.flat());
        response.end(reply.body);
        const ms = Math.round(performance.now() - started);
        log(`[http] ${request.method} ${request.url} ${reply.statusCode} ${ms} ms`);
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
  return {
    url,
    port: address.port,
    serve(api, invoker) {
      const routes = new RouteTable(
        (api?.routes ?? []).map(({ routeKey, ...target }) => ({ routeKey, target })),
      );
      routing = { apiId: api?.apiId ?? 'local', routes, invoker };
    },
    close() {
      closing = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      return closed;
    },
  };
}

/** The whole body, or undefined when it is larger than API Gateway accepts. */
async function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}
