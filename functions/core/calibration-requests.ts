import * as z from 'zod';
import {
  autoApplyThreshold,
  brierScores,
  type CalibrationBinStats,
  calibrate,
  expectedCalibrationErrors,
  fitCalibration,
  reliabilityBins,
} from './calibration';
import type { CalibrateResult, CalibrationReport } from './contract/calibration-contract';
import { NotFoundError, ValidationError } from './errors';
import { modelVersionSchema as feedbackModelVersion } from './feedback';
import { toFieldErrors } from './field-errors';

/** The most confidences one `POST .../calibrate` takes. */
export const MAX_CONFIDENCES = 10_000;

/** 10,000 confidences of up to 24 characters each, with commas: well under 512 KiB. */
export const CALIBRATE_BODY_LIMIT_BYTES = 512 * 1024;

export const DEFAULT_AUTO_APPLY_TARGET = 0.95;

/** The `{modelVersion}` path parameter: as feedback spells it. */
export const modelVersionSchema = feedbackModelVersion.describe(
  'A model version, as feedback names it',
);

/** `GET /v1/models/{modelVersion}/calibration` query. */
export const calibrationQuerySchema = z.strictObject({
  target: z
    .string()
    .regex(/^(0(\.\d+)?|1(\.0+)?)$/, 'must be a decimal number from 0 to 1')
    .optional()
    .describe(
      `The approval rate \`autoApplyThreshold\` is for, above 0 and at most 1; ` +
        `${DEFAULT_AUTO_APPLY_TARGET} when absent`,
    ),
});

/** `POST /v1/models/{modelVersion}/calibrate` body. */
export const calibrateRequestSchema = z
  .strictObject({
    confidences: z
      .array(z.number().min(0).max(1))
      .min(1)
      .max(MAX_CONFIDENCES)
      .describe(`1 to ${MAX_CONFIDENCES.toLocaleString('en')} confidences, each from 0 to 1`),
  })
  .describe('Confidences to calibrate');

function fail(message: string, error: z.ZodError): never {
  throw new ValidationError(message, { errors: toFieldErrors(error) });
}

export function parseModelVersion(raw: string | undefined): string {
  const parsed = z
    .object({ modelVersion: modelVersionSchema })
    .safeParse({ modelVersion: raw }, { reportInput: true });
  if (!parsed.success) fail('The model version is invalid', parsed.error);
  return parsed.data.modelVersion;
}

export function parseCalibrationQuery(raw: Record<string, string | undefined>): {
  target: number;
} {
  const parsed = calibrationQuerySchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) fail('The query string is invalid', parsed.error);
  const target =
    parsed.data.target === undefined ? DEFAULT_AUTO_APPLY_TARGET : Number(parsed.data.target);
  if (!(target > 0)) {
    throw new ValidationError('The query string is invalid', {
      errors: [{ path: 'target', rule: 'exclusiveMinimum', message: 'must be above 0' }],
    });
  }
  return { target };
}

export function parseCalibrateRequest(body: unknown): number[] {
  const parsed = calibrateRequestSchema.safeParse(body, { reportInput: true });
  if (!parsed.success) fail('The body is invalid', parsed.error);
  return parsed.data.confidences;
}

function notLearned(modelVersion: string): never {
  // An absent resource, as for another tenant's model: nothing tells the two apart.
  throw new NotFoundError(`No feedback learned for model version ${modelVersion}`);
}

/**
 * The calibration report of a model version from its learned bins. A model version with
 * no learned feedback has no calibration: NotFoundError.
 */
export function buildCalibrationReport(
  modelVersion: string,
  bins: readonly CalibrationBinStats[],
  target: number,
): CalibrationReport {
  const map = fitCalibration(bins);
  const ece = expectedCalibrationErrors(bins, map);
  const brier = brierScores(bins, map);
  if (!map || ece.raw === null || ece.calibrated === null || brier.raw === null) {
    notLearned(modelVersion);
  }
  return {
    modelVersion,
    samples: bins.reduce((total, b) => total + b.count, 0),
    target,
    autoApplyThreshold: autoApplyThreshold(map, target),
    ece: { raw: round(ece.raw), calibrated: round(ece.calibrated) },
    brier: { raw: round(brier.raw), calibrated: round(brier.calibrated ?? brier.raw) },
    bins: reliabilityBins(bins, map).map((bin) => ({
      ...bin,
      meanConfidence: roundOrNull(bin.meanConfidence),
      approvalRate: roundOrNull(bin.approvalRate),
      meanCalibrated: roundOrNull(bin.meanCalibrated),
    })),
  };
}

/** Calibrates confidences through the map fitted to a model version's learned bins. */
export function calibrateConfidences(
  modelVersion: string,
  bins: readonly CalibrationBinStats[],
  confidences: readonly number[],
): CalibrateResult {
  const map = fitCalibration(bins);
  if (!map) notLearned(modelVersion);
  return { calibrated: confidences.map((c) => clamp(calibrate(map, c))) };
}

/** Sums of floats may leave a share a hair outside [0, 1]. */
function clamp(value: number): number {
  return Math.min(1, Math.max(0, value));
}

function round(value: number): number {
  return Math.round(clamp(value) * 1e6) / 1e6;
}

function roundOrNull(value: number | null): number | null {
  return value === null ? null : round(value);
}
