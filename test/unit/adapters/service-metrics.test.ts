import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import {
  countFeedbackOutcomes,
  flushingMetrics,
  flushMetrics,
  METRICS_NAMESPACE,
} from '#adapters/service-metrics';

let write: MockInstance<typeof process.stdout.write>;

beforeEach(() => {
  write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
});
afterEach(() => {
  write.mockRestore();
});

/** The EMF documents written to stdout while the test ran. */
function emfDocuments(): Record<string, unknown>[] {
  return write.mock.calls
    .map(([chunk]) => String(chunk).trim())
    .filter((line) => line.startsWith('{') && line.includes('"_aws"'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('service metrics', () => {
  it("writes a request's outcomes as one EMF line: a count per outcome, stage and service only", () => {
    countFeedbackOutcomes([
      { status: 'accepted' },
      { status: 'accepted' },
      { status: 'duplicate' },
      { status: 'rejected' },
    ]);
    flushMetrics();
    const documents = emfDocuments();
    expect(documents).toHaveLength(1);
    const [document] = documents;
    expect(document).toMatchObject({
      FeedbackAccepted: 2,
      FeedbackDuplicate: 1,
      FeedbackRejected: 1,
      service: 'rename-feedback',
      stage: 'local',
      _aws: {
        CloudWatchMetrics: [
          {
            Namespace: METRICS_NAMESPACE,
            Dimensions: [['service', 'stage']],
            Metrics: expect.arrayContaining([{ Name: 'FeedbackAccepted', Unit: 'Count' }]),
          },
        ],
      },
    });
    expect(document).not.toHaveProperty('FeedbackConflict');
  });

  it('writes nothing, not even a warning, for an invocation that counted nothing', () => {
    flushMetrics();
    expect(write).not.toHaveBeenCalled();
  });

  it("flushes a plain handler's metrics when it throws", async () => {
    const failing = flushingMetrics(async () => {
      countFeedbackOutcomes([{ status: 'conflict' }]);
      throw new Error('database down');
    });
    await expect(failing()).rejects.toThrow('database down');
    expect(emfDocuments()).toMatchObject([{ FeedbackConflict: 1 }]);
  });
});
