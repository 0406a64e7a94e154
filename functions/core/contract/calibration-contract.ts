import * as z from 'zod';

const count = z.number().int().nonnegative();
const share = z.number().min(0).max(1);

const rawAndCalibrated = (what: string) =>
  z
    .object({
      raw: share.describe(`${what} of the model's own confidence`),
      calibrated: share.describe(`${what} of the calibrated confidence, on the same feedback`),
    })
    .describe(what);

/** `GET /v1/models/{modelVersion}/calibration`. */
export const calibrationReportSchema = z
  .object({
    modelVersion: z.string(),
    samples: count.describe('Feedback learned for this model version'),
    target: share.describe('The approval rate `autoApplyThreshold` is for'),
    autoApplyThreshold: share
      .nullable()
      .describe(
        'The lowest confidence whose calibrated approval rate reaches `target` (rounded up to ' +
          '4 decimals); null when no confidence does',
      ),
    ece: rawAndCalibrated('Expected calibration error over 10 equal bins of the confidence'),
    brier: rawAndCalibrated('Brier score: mean of (confidence − approved)²'),
    bins: z
      .array(
        z.object({
          lo: share,
          hi: share,
          count,
          meanConfidence: share.nullable().describe('null when the bin is empty'),
          approvalRate: share.nullable().describe('Share approved; null when the bin is empty'),
          meanCalibrated: share
            .nullable()
            .describe('Mean calibrated confidence of the same feedback; null when empty'),
        }),
      )
      .describe('The reliability diagram: 10 equal bins of the confidence, `[lo, hi)`'),
  })
  .describe('How well the confidence of a model version predicts approval, before and after');

export type CalibrationReport = z.infer<typeof calibrationReportSchema>;

/** The 200 of `POST /v1/models/{modelVersion}/calibrate`. */
export const calibrateResultSchema = z
  .object({
    calibrated: z
      .array(share)
      .describe('One per confidence sent, in order; non-decreasing in the confidence'),
  })
  .describe('Calibrated approval probabilities');

export type CalibrateResult = z.infer<typeof calibrateResultSchema>;
