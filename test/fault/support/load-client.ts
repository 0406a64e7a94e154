/**
 * The load of a fault scenario: single `POST /v1/feedback`, a fixed number in flight, from
 * a client that behaves as docs/testing.md (Faults under load) asks a real one to: it
 * retries 429, 503 and network errors with exponential backoff and full jitter, waits at
 * least what Retry-After says,
 * and always resends the same body (so the same `proposalId`) for the same feedback, so a
 * retry of something already stored comes back as `duplicate`, never as a second row.
 */

export interface LoadOptions {
  url: string;
  key: string;
  /** How many distinct feedback to send. */
  count: number;
  inFlight: number;
  /** Prefix of the proposal ids, unique per scenario. */
  label: string;
  /** After this, nothing new is attempted and the load ends with what it has. */
  deadlineMs: number;
}

export interface Acknowledgement {
  id: string;
  status: 'accepted' | 'duplicate';
  /** Epoch ms when the 202 arrived. */
  at: number;
}

/** An answer the client could not accept nor retry: anything but 202, 429, and 503 + Retry-After. */
export interface BadAnswer {
  proposalId: string;
  status: number;
  retryAfter: string | null;
  body: string;
}

export interface LoadResult {
  sent: number;
  acknowledged: Map<string, Acknowledgement>;
  /** Proposal ids the client gave up on: a bad answer, or the deadline. */
  unacknowledged: string[];
  badAnswers: BadAnswer[];
  retries: number;
  unavailable: number;
  throttled: number;
  networkErrors: number;
  longestAnswerMs: number;
  lastAcknowledgedAt: number;
  durationMs: number;
}

const BACKOFF_BASE_MS = 50;
const BACKOFF_CAP_MS = 2_000;
/** Longer than any function's timeout: an answer this late means the stack is gone. */
const REQUEST_TIMEOUT_MS = 30_000;

/** A body the API accepts, fixed by its index: a retry is byte for byte the same request. */
export function feedbackBody(label: string, index: number): Record<string, unknown> {
  const rejected = index % 4 === 3;
  return {
    proposalId: `${label}-${index}`,
    originalFilename: `IMG_${String(index).padStart(5, '0')}.JPG`,
    proposedFilename: `2024-06-01_beach-${index}.jpg`,
    action: rejected ? 'rejected' : 'approved',
    confidence: Math.round(((index * 37) % 100) + 1) / 101,
    modelVersion: 'v1',
    userId: `user-${index % 40}`,
    processingTimeMs: 100 + (index % 50),
  };
}

export class Load {
  readonly done: Promise<LoadResult>;
  private readonly result: LoadResult;
  private readonly waiters: { count: number; resolve: () => void }[] = [];
  private finished = false;

  constructor(private readonly options: LoadOptions) {
    this.result = {
      sent: 0,
      acknowledged: new Map(),
      unacknowledged: [],
      badAnswers: [],
      retries: 0,
      unavailable: 0,
      throttled: 0,
      networkErrors: 0,
      longestAnswerMs: 0,
      lastAcknowledgedAt: 0,
      durationMs: 0,
    };
    this.done = this.run();
  }

  get acknowledgedCount(): number {
    return this.result.acknowledged.size;
  }

  /** Resolves once `count` feedback are acknowledged; rejects if the load ends first or time runs out. */
  whenAcknowledged(count: number, timeoutMs: number): Promise<void> {
    if (this.acknowledgedCount >= count) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`Only ${this.acknowledgedCount} of ${count} acknowledged`)),
        timeoutMs,
      );
      const settle = () => {
        clearTimeout(timer);
        if (this.acknowledgedCount >= count) resolve();
        else reject(new Error(`The load ended with ${this.acknowledgedCount} of ${count}`));
      };
      this.waiters.push({ count, resolve: settle });
      if (this.finished) settle();
    });
  }

  private async run(): Promise<LoadResult> {
    const started = Date.now();
    const deadline = started + this.options.deadlineMs;
    let next = 0;
    const worker = async () => {
      for (let index = next++; index < this.options.count; index = next++) {
        if (Date.now() >= deadline) {
          this.result.unacknowledged.push(`${this.options.label}-${index}`);
          continue;
        }
        this.result.sent += 1;
        await this.deliver(index, deadline);
      }
    };
    await Promise.all(Array.from({ length: this.options.inFlight }, worker));
    this.result.durationMs = Date.now() - started;
    this.finished = true;
    for (const waiter of this.waiters.splice(0)) waiter.resolve();
    return this.result;
  }

  /** Sends one feedback until it is acknowledged, refused for good, or the deadline passes. */
  private async deliver(index: number, deadline: number): Promise<void> {
    const body = JSON.stringify(feedbackBody(this.options.label, index));
    const proposalId = `${this.options.label}-${index}`;
    for (let attempt = 1; ; attempt += 1) {
      const answer = await this.post(body);
      let waitMs: number;
      if (answer.kind === 'network') {
        this.result.networkErrors += 1;
        waitMs = backoff(attempt);
      } else if (answer.status === 202) {
        this.acknowledge(proposalId, answer.body);
        return;
      } else if (answer.status === 429 || (answer.status === 503 && answer.retryAfter !== null)) {
        if (answer.status === 429) this.result.throttled += 1;
        else this.result.unavailable += 1;
        waitMs = Math.max(backoff(attempt), retryAfterMs(answer.retryAfter));
      } else {
        this.result.badAnswers.push({
          proposalId,
          status: answer.status,
          retryAfter: answer.retryAfter,
          body: answer.body.slice(0, 500),
        });
        this.result.unacknowledged.push(proposalId);
        return;
      }
      if (Date.now() + waitMs >= deadline) {
        this.result.unacknowledged.push(proposalId);
        return;
      }
      this.result.retries += 1;
      await sleep(waitMs);
    }
  }

  private async post(
    body: string,
  ): Promise<
    { kind: 'network' } | { kind: 'http'; status: number; retryAfter: string | null; body: string }
  > {
    const started = performance.now();
    try {
      const response = await fetch(new URL('/v1/feedback', this.options.url), {
        method: 'POST',
        headers: {
          authorization: `Bearer ${this.options.key}`,
          'content-type': 'application/json',
        },
        body,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      const text = await response.text();
      return {
        kind: 'http',
        status: response.status,
        retryAfter: response.headers.get('retry-after'),
        body: text,
      };
    } catch {
      // Refused, reset or timed out: the request may or may not have been stored, which is
      // exactly what resending the same proposalId is for.
      return { kind: 'network' };
    } finally {
      const ms = performance.now() - started;
      if (ms > this.result.longestAnswerMs) this.result.longestAnswerMs = ms;
    }
  }

  private acknowledge(proposalId: string, text: string): void {
    const parsed = JSON.parse(text) as { id?: unknown; status?: unknown };
    if (
      typeof parsed.id !== 'string' ||
      (parsed.status !== 'accepted' && parsed.status !== 'duplicate')
    ) {
      throw new Error(`A 202 that acknowledges nothing for ${proposalId}: ${text}`);
    }
    const at = Date.now();
    this.result.acknowledged.set(proposalId, { id: parsed.id, status: parsed.status, at });
    this.result.lastAcknowledgedAt = at;
    for (const waiter of this.waiters.filter((w) => this.acknowledgedCount >= w.count)) {
      this.waiters.splice(this.waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  }
}

export function startLoad(options: LoadOptions): Load {
  return new Load(options);
}

/** Exponential backoff with full jitter: a random wait up to base x 2^(attempt-1), capped. */
function backoff(attempt: number): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1));
  return Math.random() * ceiling;
}

/** Retry-After as delay-seconds or an HTTP date (RFC 9110); 0 when absent or unreadable. */
export function retryAfterMs(header: string | null): number {
  if (header === null) return 0;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? 0 : Math.max(0, date - Date.now());
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
