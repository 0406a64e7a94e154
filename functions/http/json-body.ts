import type { MiddlewareObj } from '@middy/core';
import {
  BadRequestError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '#core/errors';
import { jsonDepthExceeds, MAX_JSON_DEPTH } from '#core/json-depth';
import type { ApiContext, ApiEvent, ApiResponse, Routes } from './types';

const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/**
 * Parses a JSON body for the routes that take one: 415, 413 or 400 when it cannot, 422 when
 * it nests deeper than any valid body. Size and depth are checked here, first, because
 * everything after (idempotency hashing, validation, fingerprints) walks the body.
 */
export function jsonBody(routes: Routes): MiddlewareObj<ApiEvent, ApiResponse, Error, ApiContext> {
  return {
    before: (request) => {
      const route = routes[request.event.routeKey];
      if (!route?.maxBodyBytes) return;
      const contentType = request.event.headers['content-type'] ?? '';
      if (!JSON_MEDIA_TYPE.test(contentType)) {
        throw new UnsupportedMediaTypeError('Send the body as "content-type: application/json"');
      }
      const raw = request.event.body ?? '';
      const bytes = request.event.isBase64Encoded
        ? Buffer.from(raw, 'base64')
        : Buffer.from(raw, 'utf8');
      if (bytes.length > route.maxBodyBytes) {
        throw new PayloadTooLargeError(`The body must be at most ${route.maxBodyBytes} bytes`);
      }
      const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
      if (jsonDepthExceeds(text, MAX_JSON_DEPTH)) {
        throw new ValidationError(`The body nests deeper than ${MAX_JSON_DEPTH} levels`, {
          errors: [
            {
              path: '(body)',
              rule: 'maxDepth',
              message: `must nest objects and arrays at most ${MAX_JSON_DEPTH} levels deep`,
            },
          ],
        });
      }
      try {
        request.context.body = JSON.parse(text);
      } catch {
        throw new BadRequestError('The body is not valid JSON', {
          errors: [{ path: '(body)', rule: 'json', message: 'must be a valid JSON document' }],
        });
      }
    },
  };
}
