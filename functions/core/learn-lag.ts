/** How long a batch's feedback waited between being received and being learned. */
export interface LearnLag {
  maxMs: number;
  meanMs: number;
}

/**
 * The largest and the mean wait of the feedback learned at `learnedAt`: two numbers per
 * batch, where one per feedback would cost a metric value each. None for an empty batch.
 */
export function learnLagOf(receivedAt: readonly Date[], learnedAt: Date): LearnLag | undefined {
  if (receivedAt.length === 0) return undefined;
  let max = 0;
  let sum = 0;
  for (const received of receivedAt) {
    const wait = Math.max(0, learnedAt.getTime() - received.getTime());
    if (wait > max) max = wait;
    sum += wait;
  }
  return { maxMs: max, meanMs: sum / receivedAt.length };
}
