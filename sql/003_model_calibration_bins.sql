-- Up Migration

-- Confidence calibration: sufficient statistics per tenant, model version and fine bin of
-- confidence (bin i holds [i/100, (i+1)/100), the last one 1 too; see
-- functions/core/calibration.ts). `learn` adds each batch to them, so the fit and its
-- metrics never rescan feedback.
CREATE TABLE model_calibration_bins (
  tenant_id                 text NOT NULL,
  model_version             text NOT NULL,
  bin                       smallint NOT NULL CHECK (bin BETWEEN 0 AND 99),
  count                     bigint NOT NULL CHECK (count > 0),
  -- Feedback with action 'approved' (rejected and modified are not approvals).
  approved                  bigint NOT NULL CHECK (approved BETWEEN 0 AND count),
  confidence_sum            double precision NOT NULL CHECK (confidence_sum >= 0),
  confidence_sq_sum         double precision NOT NULL CHECK (confidence_sq_sum >= 0),
  confidence_approved_sum   double precision NOT NULL CHECK (confidence_approved_sum >= 0),
  updated_at                timestamptz NOT NULL DEFAULT now(),
  -- Also the index of the one read: every bin of one (tenant, model version).
  PRIMARY KEY (tenant_id, model_version, bin)
);

-- Down Migration
DROP TABLE model_calibration_bins;
