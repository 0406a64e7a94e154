-- Up Migration

-- Where each person landed in each experiment, written by their first assignment and read
-- by every later one (assignment is sticky: a weight change does not move anyone). A row
-- with a variant is one exposure: results count people per variant from these rows.
-- `variant` NULL: the person is outside the experiment, for `reason`.
CREATE TABLE experiment_assignments (
  tenant_id      text NOT NULL,
  experiment_id  text NOT NULL,
  user_id        text NOT NULL CHECK (char_length(user_id) BETWEEN 1 AND 128),
  layer          text,
  variant        text,
  reason         text CHECK (reason IN ('coverage', 'layer')),
  assigned_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, experiment_id, user_id),
  CONSTRAINT experiment_assignments_variant_or_reason CHECK ((variant IS NULL) = (reason IS NOT NULL))
);
-- All of one person's assignments at once (GET /v1/assignments, the feedback check).
CREATE INDEX experiment_assignments_by_user ON experiment_assignments (tenant_id, user_id);

-- What `learn` counted of the feedback given under each variant: decisions, and for
-- modified ones the normalized edit distance (count, sum and sum of squares, for a mean
-- and its variance).
CREATE TABLE experiment_variant_outcomes (
  tenant_id                 text NOT NULL,
  experiment_id             text NOT NULL,
  variant                   text NOT NULL,
  total                     bigint NOT NULL CHECK (total >= 0),
  approved                  bigint NOT NULL CHECK (approved >= 0),
  rejected                  bigint NOT NULL CHECK (rejected >= 0),
  modified                  bigint NOT NULL CHECK (modified >= 0),
  edit_distance_sum         double precision NOT NULL CHECK (edit_distance_sum >= 0),
  edit_distance_sum_squares double precision NOT NULL CHECK (edit_distance_sum_squares >= 0),
  PRIMARY KEY (tenant_id, experiment_id, variant),
  CHECK (total = approved + rejected + modified)
);

-- The model version a tenant serves by default: set when a concluded experiment promotes
-- its winner.
CREATE TABLE tenant_default_models (
  tenant_id      text PRIMARY KEY,
  model_version  text NOT NULL CHECK (model_version ~ '^[A-Za-z0-9._-]{1,50}$'),
  experiment_id  text,
  updated_at     timestamptz NOT NULL DEFAULT now()
);

-- Down Migration
DROP TABLE tenant_default_models;
DROP TABLE experiment_variant_outcomes;
DROP TABLE experiment_assignments;
