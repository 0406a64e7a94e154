-- Up Migration

-- API keys: only the SHA-256 of a key is kept; the key itself is shown once, at creation.
CREATE TABLE api_keys (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  key_hash    bytea NOT NULL UNIQUE CHECK (octet_length(key_hash) = 32),
  scope       text NOT NULL CHECK (scope IN ('user', 'admin')),
  tenant_id   text NOT NULL DEFAULT 'default',
  label       text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  revoked_at  timestamptz
);

-- Feedback: the source of truth. One decision per proposal and tenant, so a retried or
-- duplicated submission can never be stored (or learned) twice.
CREATE TABLE feedback (
  id                  uuid PRIMARY KEY,
  tenant_id           text NOT NULL,
  proposal_id         text NOT NULL CHECK (proposal_id ~ '^[A-Za-z0-9_-]{1,100}$'),
  original_filename   text NOT NULL CHECK (octet_length(original_filename) BETWEEN 1 AND 255),
  proposed_filename   text NOT NULL CHECK (octet_length(proposed_filename) BETWEEN 1 AND 255),
  user_filename       text CHECK (octet_length(user_filename) BETWEEN 1 AND 255),
  action              text NOT NULL CHECK (action IN ('approved', 'rejected', 'modified')),
  confidence          double precision NOT NULL CHECK (confidence BETWEEN 0 AND 1),
  model_version       text NOT NULL CHECK (model_version ~ '^[A-Za-z0-9._-]{1,50}$'),
  user_id             text NOT NULL CHECK (char_length(user_id) BETWEEN 1 AND 128),
  experiment_id       text,
  variant             text,
  processing_time_ms  double precision CHECK (processing_time_ms >= 0),
  context             jsonb,
  -- SHA-256 of the canonical decision: tells a harmless retry from a conflicting decision.
  fingerprint         text NOT NULL,
  received_at         timestamptz NOT NULL DEFAULT now(),
  -- Set by `learn`, in the transaction that counts the feedback: the exactly-once guard.
  learned_at          timestamptz,
  CONSTRAINT feedback_one_decision_per_proposal UNIQUE (tenant_id, proposal_id),
  CONSTRAINT feedback_user_filename_iff_modified
    CHECK ((action = 'modified') = (user_filename IS NOT NULL)),
  CONSTRAINT feedback_experiment_with_variant
    CHECK ((experiment_id IS NULL) = (variant IS NULL))
);
CREATE INDEX feedback_by_tenant_model_time ON feedback (tenant_id, model_version, received_at);
-- Oldest feedback still waiting to be learned (the queue's real backlog), kept small.
CREATE INDEX feedback_unlearned ON feedback (received_at) WHERE learned_at IS NULL;

-- Outbox: a row per feedback until `learn` has learned it, so a message lost after the
-- commit (crash before publishing, queue lost) is sent again by the sweeper.
CREATE TABLE outbox (
  feedback_id    uuid PRIMARY KEY REFERENCES feedback (id) ON DELETE CASCADE,
  tenant_id      text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  published_at   timestamptz,
  publish_count  integer NOT NULL DEFAULT 0
);
CREATE INDEX outbox_due ON outbox (created_at);

-- What `learn` has learned, rolled up per tenant, model version and UTC hour.
CREATE TABLE model_hourly_stats (
  tenant_id                text NOT NULL,
  model_version            text NOT NULL,
  hour                     timestamptz NOT NULL,
  total                    bigint NOT NULL,
  approved                 bigint NOT NULL,
  rejected                 bigint NOT NULL,
  modified                 bigint NOT NULL,
  confidence_sum           double precision NOT NULL,
  processing_time_count    bigint NOT NULL,
  processing_time_sum_ms   double precision NOT NULL,
  PRIMARY KEY (tenant_id, model_version, hour),
  CHECK (total = approved + rejected + modified)
);
CREATE INDEX model_hourly_stats_by_tenant_hour ON model_hourly_stats (tenant_id, hour);

-- Processing-time distribution: counts per log-spaced bucket (see functions/core/histogram.ts).
CREATE TABLE model_hourly_processing_time (
  tenant_id      text NOT NULL,
  model_version  text NOT NULL,
  hour           timestamptz NOT NULL,
  bucket         smallint NOT NULL CHECK (bucket >= 0),
  count          bigint NOT NULL CHECK (count > 0),
  PRIMARY KEY (tenant_id, model_version, hour, bucket)
);
CREATE INDEX model_hourly_processing_time_by_tenant_hour
  ON model_hourly_processing_time (tenant_id, hour);

-- Down Migration
DROP TABLE model_hourly_processing_time;
DROP TABLE model_hourly_stats;
DROP TABLE outbox;
DROP TABLE feedback;
DROP TABLE api_keys;
