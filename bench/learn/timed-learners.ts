import type { Learner, LearnerWrites } from '../../functions/adapters/learners/learner';

export interface PhaseTimes {
  prepare: number;
  ownRows: number;
  sharedRows: number;
}

/** Milliseconds per learner and phase, summed over every batch since the last reset. */
export class LearnerClock {
  private spent = new Map<string, PhaseTimes>();

  reset(): void {
    this.spent = new Map();
  }

  copy(): Map<string, PhaseTimes> {
    return new Map([...this.spent].map(([name, times]) => [name, { ...times }]));
  }

  /** Two runs' times, learner by learner. */
  static add(a: Map<string, PhaseTimes>, b: Map<string, PhaseTimes>): Map<string, PhaseTimes> {
    const sum = new Map(a);
    for (const [name, times] of b) {
      const other = sum.get(name) ?? { prepare: 0, ownRows: 0, sharedRows: 0 };
      sum.set(name, {
        prepare: other.prepare + times.prepare,
        ownRows: other.ownRows + times.ownRows,
        sharedRows: other.sharedRows + times.sharedRows,
      });
    }
    return sum;
  }

  /** The same learners, each phase timed. */
  wrap(learners: readonly Learner[]): Learner[] {
    return learners.map((learner) => ({
      name: learner.name,
      prepare: (batch) => {
        const started = performance.now();
        const writes = learner.prepare(batch);
        this.add(learner.name, 'prepare', performance.now() - started);
        const timed: LearnerWrites = {};
        const { writeOwnRows, writeSharedRows } = writes;
        if (writeOwnRows) {
          timed.writeOwnRows = (client) => this.time(learner.name, 'ownRows', writeOwnRows(client));
        }
        if (writeSharedRows) {
          timed.writeSharedRows = (client) =>
            this.time(learner.name, 'sharedRows', writeSharedRows(client));
        }
        return timed;
      },
    }));
  }

  private add(name: string, phase: keyof PhaseTimes, ms: number): void {
    const times = this.spent.get(name) ?? { prepare: 0, ownRows: 0, sharedRows: 0 };
    times[phase] += ms;
    this.spent.set(name, times);
  }

  private async time(name: string, phase: keyof PhaseTimes, write: Promise<void>) {
    const started = performance.now();
    try {
      await write;
    } finally {
      this.add(name, phase, performance.now() - started);
    }
  }
}
