import type { AlwaysValidResult } from '#core/statistics/index';
import { query } from './postgres';

/** The latest always-valid result of each comparison of an experiment, by variant. */
export async function readAlwaysValid(
  tenantId: string,
  experimentId: string,
): Promise<Map<string, AlwaysValidResult>> {
  const { rows } = await query<{
    variant: string;
    p_value: number;
    ci_low: number;
    ci_high: number;
  }>(
    `SELECT variant, p_value, ci_low, ci_high FROM experiment_always_valid
      WHERE tenant_id = $1 AND experiment_id = $2`,
    [tenantId, experimentId],
  );
  return new Map(rows.map((r) => [r.variant, { pValue: r.p_value, ci95: [r.ci_low, r.ci_high] }]));
}

/**
 * Records this look's results. Two looks racing both keep the smaller p-value and the
 * narrower interval, so the stored value is the running minimum whatever the order.
 */
export async function recordAlwaysValid(
  tenantId: string,
  experimentId: string,
  results: ReadonlyMap<string, AlwaysValidResult>,
): Promise<void> {
  const entries = [...results.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (entries.length === 0) return;
  await query(
    `INSERT INTO experiment_always_valid AS s (tenant_id, experiment_id, variant, p_value, ci_low, ci_high)
     SELECT $1, $2, * FROM unnest($3::text[], $4::float8[], $5::float8[], $6::float8[])
     ON CONFLICT (tenant_id, experiment_id, variant) DO UPDATE SET
       p_value = LEAST(s.p_value, excluded.p_value),
       ci_low = GREATEST(s.ci_low, excluded.ci_low),
       ci_high = LEAST(s.ci_high, excluded.ci_high),
       updated_at = now()`,
    [
      tenantId,
      experimentId,
      entries.map(([variant]) => variant),
      entries.map(([, r]) => r.pValue),
      entries.map(([, r]) => r.ci95[0]),
      entries.map(([, r]) => r.ci95[1]),
    ],
  );
}
