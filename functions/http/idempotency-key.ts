import type { Context } from 'aws-lambda';
import type { IdempotentRequest } from '#adapters/idempotency';
import { idempotencyKeySchema } from '#core/contract/feedback-contract';
import { BadRequestError } from '#core/errors';
import type { RouteInput, RouteResult } from './types';

type IdempotentRunner = <R>(
  request: IdempotentRequest,
  context: Context,
  work: () => Promise<R>,
) => Promise<R>;

/**
 * Makes a route honour `Idempotency-Key`: without the header it runs as usual; with it,
 * a retry gets the first answer back. Keys are scoped to the caller's API key and the
 * route, so two clients (or two routes) never share one.
 */
export function honourIdempotencyKey(
  run: IdempotentRunner,
  handle: (input: RouteInput) => Promise<RouteResult>,
): (input: RouteInput) => Promise<RouteResult> {
  return async (input) => {
    const header = input.event.headers['idempotency-key'];
    if (header === undefined) return handle(input);
    if (!idempotencyKeySchema.safeParse(header).success) {
      throw new BadRequestError('The Idempotency-Key header is malformed', {
        errors: [
          {
            path: 'Idempotency-Key',
            rule: 'pattern',
            message: 'must be 1 to 255 visible ASCII characters (no spaces)',
          },
        ],
      });
    }
    if (!input.principal) throw new Error('Idempotency needs an authenticated route');
    const key = `${input.principal.keyId} ${input.event.routeKey} ${header}`;
    return run({ key, body: input.body }, input.context, () => handle(input));
  };
}
