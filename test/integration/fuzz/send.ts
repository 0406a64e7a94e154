import type { Answer } from './conformance';
import type { BodySpec, FuzzRequest } from './requests';
import type { FuzzWorld } from './world';

/** The bytes a body spec stands for; JSON padded with spaces up to `padTo` when asked. */
export function bodyBytes(body: BodySpec): Buffer {
  if ('bytes' in body) return Buffer.from(body.bytes);
  if ('text' in body) return Buffer.from(body.text, 'utf8');
  const json = Buffer.from(JSON.stringify(body.json) ?? 'null', 'utf8');
  if (!('padTo' in body) || json.length >= body.padTo) return json;
  return Buffer.concat([json, Buffer.alloc(body.padTo - json.length, ' ')]);
}

/**
 * API Gateway's answer when a function's reserved concurrency is spent: not the API's. It is
 * the gateway's plain 500, as for a function error; one of those still surfaces once the
 * retries below run out.
 */
const isGatewayThrottle = (answer: Answer) =>
  answer.status === 500 && answer.text === '{"message":"Internal Server Error"}';

/**
 * Sends a generated request as a client would. A throttle by the gateway (every reserved
 * instance of the function busy) is retried, as a client would, and counted: it says
 * nothing of the API, and the fuzz keeps its concurrency under every reservation anyway.
 */
export async function send(
  baseUrl: string,
  request: FuzzRequest,
  world: FuzzWorld,
  onThrottle: () => void,
): Promise<Answer> {
  const headers: Record<string, string> = { ...request.headers };
  const authorization = world.credentials[request.credential];
  if (authorization !== undefined) headers.authorization = authorization;
  const body = request.body ? bodyBytes(request.body) : undefined;
  for (let attempt = 0; ; attempt++) {
    const response = await fetch(new URL(request.target, baseUrl), {
      method: request.operation.method,
      headers,
      body,
    });
    const raw = Buffer.from(await response.arrayBuffer());
    const answer: Answer = {
      status: response.status,
      contentType: (response.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '',
      headers: response.headers,
      text: raw.toString('utf8'),
      bytes: raw.length,
    };
    if (!isGatewayThrottle(answer) || attempt >= 50) return answer;
    onThrottle();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
