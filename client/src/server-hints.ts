/**
 * `Retry-After` (RFC 9110): delta-seconds or an HTTP date. Answers milliseconds to wait, or
 * undefined when absent or unreadable (a garbled hint is no reason to stop retrying).
 */
export function parseRetryAfter(value: string | null, nowMs = Date.now()): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

/**
 * `RateLimit` (draft-ietf-httpapi-ratelimit-headers): a list of `"policy";r=<remaining>;
 * t=<seconds>` items. When a policy has nothing remaining, the next request would be
 * refused until `t` has passed: answers that wait in milliseconds (the longest, if several
 * policies are spent), else undefined. Sending before it would only earn a 429.
 */
export function parseRateLimitWait(value: string | null): number | undefined {
  if (value === null) return undefined;
  let wait: number | undefined;
  for (const item of splitList(value)) {
    const params = new Map<string, string>();
    for (const part of item.split(';').slice(1)) {
      const [key, raw] = part.split('=', 2);
      if (key !== undefined && raw !== undefined) params.set(key.trim(), raw.trim());
    }
    const remaining = Number(params.get('r'));
    const seconds = Number(params.get('t'));
    if (remaining === 0 && Number.isFinite(seconds) && seconds >= 0) {
      wait = Math.max(wait ?? 0, seconds * 1000);
    }
  }
  return wait;
}

/** Splits a structured-field list on commas outside quoted strings. */
function splitList(value: string): string[] {
  const items: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const char = value[i];
    if (char === '\\' && quoted) {
      current += char + (value[i + 1] ?? '');
      i += 1;
    } else if (char === '"') {
      quoted = !quoted;
      current += char;
    } else if (char === ',' && !quoted) {
      items.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  items.push(current);
  return items.map((item) => item.trim()).filter((item) => item.length > 0);
}
