import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import type { Caller, Principal, Scope } from '#core/api-key';

export type ApiEvent = APIGatewayProxyEventV2;
export type ApiResponse = APIGatewayProxyStructuredResultV2;

/** The Lambda context, plus what the middlewares learned about the request. */
export interface ApiContext extends Context {
  /** Whoever the key belongs to, operators included: what the rate limit counts against. */
  caller?: Caller;
  /** The tenant's caller: set on tenant routes only, which operator keys never reach. */
  principal?: Principal;
  body?: unknown;
}

export interface RouteInput {
  event: ApiEvent;
  /** The invocation's context: remaining time, request id. */
  context: Context;
  principal: Principal | undefined;
  body: unknown;
  query: Record<string, string | undefined>;
}

export interface RouteResult {
  status: number;
  /** Sent as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Sent as is instead of `body`, for another media type (e.g. NDJSON). */
  raw?: { contentType: string; body: string };
}

export interface Route {
  /** Who may call it: `public` needs no key. */
  scope: Scope | 'public';
  /** Routes that take a JSON body say how large it may be. */
  maxBodyBytes?: number;
  handle(input: RouteInput): Promise<RouteResult>;
}

/** Routes by API Gateway route key, e.g. `POST /v1/feedback`. */
export type Routes = Record<string, Route>;
