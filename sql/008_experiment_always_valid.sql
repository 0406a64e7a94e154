-- Up Migration

-- The always-valid p-value and interval of each comparison, as of the latest look: the
-- guarantee holds for the running minimum (and the intersection of intervals) over looks,
-- so each look starts from the previous one.
CREATE TABLE experiment_always_valid (
  tenant_id      text NOT NULL,
  experiment_id  text NOT NULL,
  variant        text NOT NULL,
  p_value        double precision NOT NULL CHECK (p_value BETWEEN 0 AND 1),
  ci_low         double precision NOT NULL,
  ci_high        double precision NOT NULL,
  updated_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, experiment_id, variant)
);

-- Down Migration
DROP TABLE experiment_always_valid;
