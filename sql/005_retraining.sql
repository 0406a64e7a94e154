-- Up Migration

-- Per tenant and model version: feedback learned since the last training job, and the
-- drift detector's counters (functions/core/drift.ts). `learn` locks the row to update it,
-- so concurrent batches of one model version take turns and never create a job twice.
CREATE TABLE retrain_state (
  tenant_id                 text NOT NULL,
  model_version             text NOT NULL,
  feedback_since_last_job   bigint NOT NULL DEFAULT 0 CHECK (feedback_since_last_job >= 0),
  reference_total           integer NOT NULL DEFAULT 0 CHECK (reference_total >= 0),
  reference_approved        integer NOT NULL DEFAULT 0
    CHECK (reference_approved BETWEEN 0 AND reference_total),
  chunk_total               integer NOT NULL DEFAULT 0 CHECK (chunk_total >= 0),
  chunk_approved            integer NOT NULL DEFAULT 0
    CHECK (chunk_approved BETWEEN 0 AND chunk_total),
  -- The last full chunks of the recent window, oldest first.
  recent_totals             integer[] NOT NULL DEFAULT '{}',
  recent_approved           integer[] NOT NULL DEFAULT '{}',
  drift_active              boolean NOT NULL DEFAULT false,
  drift_z                   double precision,
  updated_at                timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, model_version),
  CHECK (cardinality(recent_totals) = cardinality(recent_approved))
);

-- Training jobs, for the external trainer. `published_at` is the outbox mark: a job not
-- yet on the retrain queue is sent again by the sweeper, so a crash never loses one.
CREATE TABLE training_jobs (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id           text NOT NULL,
  model_version       text NOT NULL,
  reason              text NOT NULL CHECK (reason IN ('threshold', 'drift', 'manual')),
  status              text NOT NULL DEFAULT 'queued'
    CHECK (status IN ('queued', 'running', 'completed', 'failed')),
  created_at          timestamptz NOT NULL DEFAULT now(),
  completed_at        timestamptz,
  new_model_version   text CHECK (new_model_version ~ '^[A-Za-z0-9._-]{1,50}$'),
  evaluation          jsonb,
  published_at        timestamptz,
  publish_count       integer NOT NULL DEFAULT 0,
  CONSTRAINT training_jobs_completed_has_result CHECK (
    (status = 'completed') = (completed_at IS NOT NULL AND new_model_version IS NOT NULL
      AND evaluation IS NOT NULL))
);
CREATE INDEX training_jobs_by_model ON training_jobs (tenant_id, model_version, created_at DESC);
CREATE INDEX training_jobs_unpublished ON training_jobs (created_at) WHERE published_at IS NULL;

-- Lineage: which model version a completed job trained from which. A version has at most
-- one parent.
CREATE TABLE model_lineage (
  tenant_id              text NOT NULL,
  model_version          text NOT NULL,
  parent_model_version   text NOT NULL,
  training_job_id        uuid NOT NULL UNIQUE REFERENCES training_jobs (id),
  created_at             timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, model_version),
  CHECK (model_version <> parent_model_version)
);
CREATE INDEX model_lineage_by_parent ON model_lineage (tenant_id, parent_model_version);

-- Down Migration
DROP TABLE model_lineage;
DROP TABLE training_jobs;
DROP TABLE retrain_state;
