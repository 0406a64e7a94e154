import type { components } from './generated/api.js';
import { FeedbackApiError, type HttpOptions, request } from './http.js';
import { TtlCache } from './ttl-cache.js';

export type Assignments = components['schemas']['Assignments'];
export type ApplyPreferencesResult = components['schemas']['ApplyPreferencesResult'];
export type DefaultModel = components['schemas']['DefaultModel'];

/**
 * What a renamer asks before proposing a name. These are on the caller's path by nature
 * (it waits for the answer), so they are not queued; the cache keeps a renamer that asks
 * before every proposal within the `metrics` quota (50 a minute per key by default).
 */
export class ApiReads {
  private readonly assignmentCache: TtlCache<Assignments>;
  private readonly defaultModelCache: TtlCache<DefaultModel | null>;

  constructor(
    private readonly http: HttpOptions,
    private readonly signal: AbortSignal,
    cache: { ttlMs: number; maxEntries: number },
  ) {
    this.assignmentCache = new TtlCache(cache.ttlMs, cache.maxEntries);
    this.defaultModelCache = new TtlCache(cache.ttlMs, 1);
  }

  assignments(userId: string): Promise<Assignments> {
    return this.assignmentCache.get(userId, async () => {
      const path = `v1/assignments?${new URLSearchParams({ userId })}`;
      return this.expect<Assignments>(await this.get(path), 200, 'GET /v1/assignments');
    });
  }

  async applyPreferences(userId: string, filename: string): Promise<ApplyPreferencesResult> {
    const path = `v1/users/${encodeURIComponent(userId)}/preferences/apply`;
    const answer = await request(this.http, 'POST', path, {
      body: JSON.stringify({ filename }),
      signal: this.signal,
    });
    return this.expect(answer, 200, 'POST /v1/users/{userId}/preferences/apply');
  }

  /** The tenant's default model version, or null while none was promoted (404). */
  defaultModel(): Promise<DefaultModel | null> {
    return this.defaultModelCache.get('default', async () => {
      const answer = await this.get('v1/models/default');
      if (answer.status === 404) return null;
      return this.expect<DefaultModel>(answer, 200, 'GET /v1/models/default');
    });
  }

  private get(path: string) {
    return request(this.http, 'GET', path, { signal: this.signal });
  }

  private expect<T>(answer: Awaited<ReturnType<typeof request>>, status: number, what: string): T {
    if (answer.status !== status) throw new FeedbackApiError(answer, what);
    return answer.body as T;
  }
}
