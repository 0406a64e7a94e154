import type { CalibrationBinStats } from '#core/calibration';
import { type CachedAnswer, readThroughLearnedCache } from './learned-cache';
import { query } from './postgres';

/** The learned calibration bins of one model version of a tenant (at most 100 rows). */
export async function readCalibrationBins(
  tenantId: string,
  modelVersion: string,
): Promise<CalibrationBinStats[]> {
  const { rows } = await query<{
    bin: number;
    count: string;
    approved: string;
    confidence_sum: number;
    confidence_sq_sum: number;
    confidence_approved_sum: number;
  }>(
    `SELECT bin, count, approved, confidence_sum, confidence_sq_sum, confidence_approved_sum
       FROM model_calibration_bins WHERE tenant_id = $1 AND model_version = $2 ORDER BY bin`,
    [tenantId, modelVersion],
  );
  return rows.map((row) => ({
    bin: row.bin,
    count: Number(row.count),
    approved: Number(row.approved),
    confidenceSum: row.confidence_sum,
    confidenceSquaredSum: row.confidence_sq_sum,
    confidenceApprovedSum: row.confidence_approved_sum,
  }));
}

/**
 * The bins through the learned-state cache: one entry per model version serves every
 * `target` and every calibrate call, and is never older than what `learn` committed.
 */
export function cachedCalibrationBins(
  tenantId: string,
  modelVersion: string,
  ttlSeconds: number,
): Promise<CachedAnswer<CalibrationBinStats[]>> {
  return readThroughLearnedCache(tenantId, { calibrationBins: modelVersion }, ttlSeconds, () =>
    readCalibrationBins(tenantId, modelVersion),
  );
}
