import { randomBytes } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { ACCOUNT_ID } from './aws-identity';
import { isRecord } from './json';

/** The parts of an HTTP request the event is made of. */
export interface IncomingRequest {
  method: string;
  /** The request target as sent: path and query string. */
  url: string;
  httpVersion: string;
  /** Name/value pairs in the order received (Node's `rawHeaders`). */
  rawHeaders: string[];
  sourceIp: string;
  localPort: number;
  body: Buffer;
}

export interface EventIdentity {
  apiId: string;
  requestId: string;
  routeKey: string;
  pathParameters?: Record<string, string>;
  now: Date;
}

/** API Gateway style request ids (`JKJaXmPLvHcESHA=`): eleven random bytes, base64. */
export function newRequestId(): string {
  return randomBytes(11).toString('base64');
}

/**
 * The payload format 2.0 event API Gateway HTTP APIs send: lower-case header names with
 * repeats joined by commas, cookies moved out of the headers, absent fields left out.
 */
export function buildHttpEvent(
  request: IncomingRequest,
  identity: EventIdentity,
): APIGatewayProxyEventV2 {
  const queryAt = request.url.indexOf('?');
  const rawPath = queryAt < 0 ? request.url : request.url.slice(0, queryAt);
  const rawQueryString = queryAt < 0 ? '' : (request.url.slice(queryAt + 1).split('#')[0] ?? '');
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (let i = 0; i + 1 < request.rawHeaders.length; i += 2) {
    const name = (request.rawHeaders[i] ?? '').toLowerCase();
    const value = request.rawHeaders[i + 1] ?? '';
    if (name === 'cookie') {
      cookies.push(
        ...value
          .split(';')
          .map((c) => c.trim())
          .filter((c) => c !== ''),
      );
      continue;
    }
    headers[name] = name in headers ? `${headers[name]},${value}` : value;
  }
  // What API Gateway adds on the way in; the proto is honest: the emulator speaks plain HTTP.
  headers['x-forwarded-for'] = headers['x-forwarded-for']
    ? `${headers['x-forwarded-for']}, ${request.sourceIp}`
    : request.sourceIp;
  headers['x-forwarded-port'] = String(request.localPort);
  headers['x-forwarded-proto'] = 'http';
  headers['x-amzn-trace-id'] ??= traceId(identity.now);

  const domainName = headers.host ?? `${identity.apiId}.execute-api.localhost`;
  const queryStringParameters = parseQuery(rawQueryString);
  const binary = request.body.length > 0 && !isTextContent(headers['content-type']);
  return {
    version: '2.0',
    routeKey: identity.routeKey,
    rawPath,
    rawQueryString,
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(queryStringParameters ? { queryStringParameters } : {}),
    requestContext: {
      accountId: ACCOUNT_ID,
      apiId: identity.apiId,
      domainName,
      domainPrefix: domainName.split(':')[0]?.split('.')[0] ?? domainName,
      http: {
        method: request.method,
        path: rawPath,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: identity.requestId,
      routeKey: identity.routeKey,
      stage: '$default',
      time: formatRequestTime(identity.now),
      timeEpoch: identity.now.getTime(),
    },
    ...(request.body.length > 0 ? { body: request.body.toString(binary ? 'base64' : 'utf8') } : {}),
    ...(identity.pathParameters ? { pathParameters: identity.pathParameters } : {}),
    isBase64Encoded: binary,
  };
}

/**
 * HTTP APIs pass a body as text only for these media types and base64 for everything
 * else, a missing Content-Type and form data included. AWS does not document the list;
 * it was observed against real HTTP APIs (ministackorg/ministack#766, brefphp/bref#631).
 */
export function isTextContent(contentType: string | undefined): boolean {
  const media = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return (
    media.startsWith('text/') ||
    media === 'application/json' ||
    media === 'application/xml' ||
    media === 'application/javascript'
  );
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `12/Mar/2020:19:03:58 +0000`, the CLF time API Gateway puts in `requestContext.time`. */
export function formatRequestTime(date: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  const day = `${two(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}`;
  const time = `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())}`;
  return `${day}:${time} +0000`;
}

function parseQuery(raw: string): Record<string, string> | undefined {
  const parameters: Record<string, string> = {};
  for (const pair of raw.split('&')) {
    if (pair === '') continue;
    const at = pair.indexOf('=');
    const name = decode(at < 0 ? pair : pair.slice(0, at));
    const value = decode(at < 0 ? '' : pair.slice(at + 1));
    if (name === '') continue;
    parameters[name] = name in parameters ? `${parameters[name]},${value}` : value;
  }
  return Object.keys(parameters).length > 0 ? parameters : undefined;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function traceId(now: Date): string {
  const seconds = Math.floor(now.getTime() / 1000).toString(16);
  return `Root=1-${seconds}-${randomBytes(12).toString('hex')}`;
}

export interface HttpAnswer {
  statusCode: number;
  headers: [string, string][];
  body: Buffer;
}

/**
 * Reads a function's response as HTTP APIs read format 2.0: an object with `statusCode` is
 * a response; any other valid JSON is the body of a 200 `application/json` answer. Returns
 * a reason instead when API Gateway would refuse the response (and answer 500).
 */
export function readHttpResponse(payload: unknown): HttpAnswer | { malformed: string } {
  if (!isRecord(payload) || !('statusCode' in payload)) {
    // AWS documents that a string result is the body itself, anything else its JSON text.
    const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
    return {
      statusCode: 200,
      headers: [['content-type', 'application/json']],
      body: Buffer.from(body),
    };
  }
  const { statusCode, headers, cookies, body, isBase64Encoded } = payload;
  if (
    typeof statusCode !== 'number' ||
    !Number.isInteger(statusCode) ||
    statusCode < 100 ||
    statusCode > 599
  ) {
    return { malformed: `statusCode ${JSON.stringify(statusCode)} is not an HTTP status` };
  }
  const pairs: [string, string][] = [];
  if (headers !== undefined && headers !== null) {
    if (!isRecord(headers)) return { malformed: 'headers is not an object' };
    for (const [name, value] of Object.entries(headers)) {
      if (!['string', 'number', 'boolean'].includes(typeof value)) {
        return { malformed: `header ${name} is not a string` };
      }
      pairs.push([name.toLowerCase(), String(value)]);
    }
  }
  if (cookies !== undefined && cookies !== null) {
    if (!Array.isArray(cookies) || cookies.some((c) => typeof c !== 'string')) {
      return { malformed: 'cookies is not a list of strings' };
    }
    for (const cookie of cookies) pairs.push(['set-cookie', String(cookie)]);
  }
  if (body !== undefined && body !== null && typeof body !== 'string') {
    return { malformed: 'body is not a string' };
  }
  const text = typeof body === 'string' ? body : '';
  // A response that names no type is sent as text: API Gateway documents nothing here, and
  // HTTP APIs were observed to add this header (REST APIs answer application/json instead).
  // Only with a body: there is no content to type in a 204 or any empty answer.
  if (text.length > 0 && !pairs.some(([name]) => name === 'content-type')) {
    pairs.push(['content-type', 'text/plain; charset=utf-8']);
  }
  return {
    statusCode,
    headers: pairs,
    body: isBase64Encoded === true ? Buffer.from(text, 'base64') : Buffer.from(text),
  };
}
