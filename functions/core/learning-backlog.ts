/** Stored feedback that `learn` has not learned yet. */
export interface LearningBacklog {
  unlearned: number;
  oldestUnlearnedAt: Date | null;
}

/** Seconds since `at`, never negative (clocks of two machines); null when there is nothing. */
export function ageInSeconds(at: Date | null, nowMs: number = Date.now()): number | null {
  return at ? Math.max(0, (nowMs - at.getTime()) / 1000) : null;
}
