import { describe, expect, it } from 'vitest';
import { PressureGauge } from '../src/pressure';

describe('PressureGauge', () => {
  it('turns high at 80% and normal only under 50%, without flapping between', () => {
    const gauge = new PressureGauge(0.8, 0.5);
    const changes = [0.1, 0.79, 0.8, 0.95, 0.6, 0.79, 0.81, 0.5, 0.49, 0.7, 0.8].map((u) =>
      gauge.update(u),
    );
    expect(changes).toEqual([
      undefined,
      undefined,
      'high',
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      'normal',
      undefined,
      'high',
    ]);
    expect(gauge.state).toBe('high');
  });
});
