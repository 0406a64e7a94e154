export type PressureState = 'high' | 'normal';

/**
 * Hysteresis on the queue's utilization: `high` once it reaches the high mark, `normal`
 * again only under the low mark, so a queue hovering at one level does not flap.
 */
export class PressureGauge {
  private current: PressureState = 'normal';

  constructor(
    readonly high = 0.8,
    readonly low = 0.5,
  ) {}

  get state(): PressureState {
    return this.current;
  }

  /** The new state when this utilization changes it, else undefined. */
  update(utilization: number): PressureState | undefined {
    if (this.current === 'normal' && utilization >= this.high) {
      this.current = 'high';
      return 'high';
    }
    if (this.current === 'high' && utilization < this.low) {
      this.current = 'normal';
      return 'normal';
    }
    return undefined;
  }
}
