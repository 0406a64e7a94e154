import { randomBytes } from 'node:crypto';

const run = randomBytes(4).toString('hex');
const ACTIONS = ['approved', 'rejected', 'modified', 'approved'] as const;
let counter = 0;

/**
 * A `POST /v1/feedback/batch` body of `count` new feedback, shaped like the in-process
 * benchmark's (bench/learn/workload.ts): four actions, three model versions, 50 people,
 * half of them in a two-variant experiment, so every learner has work.
 */
export function batchBody(count: number): string {
  const items = Array.from({ length: count }, () => {
    counter += 1;
    const i = counter;
    const action = ACTIONS[i % 4] ?? 'approved';
    const person = i % 50;
    return {
      proposalId: `bench-${run}-${i}`,
      originalFilename: `IMG_${i}.JPG`,
      proposedFilename: `2024-06-01_beach-${i}.jpg`,
      ...(action === 'modified' ? { userFilename: `beach trip ${i}.jpg` } : {}),
      action,
      confidence: (i % 100) / 100,
      modelVersion: `v${i % 3}`,
      userId: `user-${person}`,
      processingTimeMs: 50 + (i % 400),
      ...(i % 2 === 0
        ? { experimentId: 'bench-experiment', variant: person < 25 ? 'control' : 'treatment' }
        : {}),
    };
  });
  return JSON.stringify({ items });
}
