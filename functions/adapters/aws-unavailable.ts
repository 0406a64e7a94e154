// Errors an AWS SDK call ends with when the service is there but busy (throttled), failing
// on its side, or not reachable at all: worth a retry later. Anything else (a validation
// error, a missing table, no permission, a bug of ours) would fail again the same way.
const THROTTLING = new Set([
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
]);
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);
const NETWORK_NAMES = new Set(['TimeoutError', 'NetworkingError', 'RequestTimeout']);

/**
 * Whether an error, or one of its causes, says an AWS service is unavailable for now (a
 * server fault, throttling, no connection), as opposed to a request that can never succeed.
 */
export function isAwsUnavailable(error: unknown): boolean {
  let current: unknown = error;
  // Causes are followed a few levels deep: wrappers (Powertools) keep the SDK's error there.
  for (let level = 0; level < 5 && current instanceof Error; level++) {
    const { $fault, code } = current as { $fault?: unknown; code?: unknown };
    if ($fault === 'server' || THROTTLING.has(current.name) || NETWORK_NAMES.has(current.name)) {
      return true;
    }
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return true;
    current = current.cause;
  }
  return false;
}
