-- Up Migration

-- One PostgreSQL role per function, with only the grants that function's statements need:
-- a bug or an injected statement in `metrics` cannot write, and none but `ops` can mint a
-- key. Deployed with a database the stack creates, each function logs in as its role through
-- RDS IAM authentication (no password anywhere); with a DATABASE_URL (npm start, imported
-- databases) it logs in as that URL's user and switches to its role at connect (`-c role=`),
-- so every statement of the integration tests is checked against these grants.
--
-- Roles belong to the whole cluster, not to this database: another database of the same
-- cluster (a test's, another stage's) may have made them already, even at this moment, so a
-- role that exists, or appears while this runs, is taken as it is. They are NOLOGIN here;
-- below, on RDS, they become IAM logins.
DO $$
DECLARE
  role_name text;
BEGIN
  FOREACH role_name IN ARRAY ARRAY[
    'rename_feedback_submit', 'rename_feedback_learn', 'rename_feedback_metrics',
    'rename_feedback_experiments', 'rename_feedback_ops', 'rename_feedback_public',
    'rename_feedback_sweeper'
  ] LOOP
    BEGIN
      EXECUTE format('CREATE ROLE %I NOLOGIN', role_name);
    EXCEPTION WHEN duplicate_object OR unique_violation THEN
      NULL;
    END;
    -- The user that migrates (and, locally, connects) may switch to the role.
    BEGIN
      EXECUTE format('GRANT %I TO CURRENT_USER', role_name);
    EXCEPTION WHEN duplicate_object OR unique_violation THEN
      NULL;
    END;
    -- On RDS (where rds_iam exists) the role logs in with an IAM token only, and only a
    -- function granted rds-db:connect to it (lib/constructs/data-stores.ts) can make one.
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'rds_iam') THEN
      EXECUTE format('ALTER ROLE %I LOGIN', role_name);
      BEGIN
        EXECUTE format('GRANT rds_iam TO %I', role_name);
      EXCEPTION WHEN duplicate_object OR unique_violation THEN
        NULL;
      END;
    END IF;
  END LOOP;
END $$;

-- submit: stores feedback with its outbox rows, reads back duplicates, marks outbox rows sent,
-- and assigns people to experiments; reads keys to authenticate.
GRANT SELECT ON api_keys TO rename_feedback_submit;
GRANT SELECT, INSERT ON feedback TO rename_feedback_submit;
GRANT SELECT, INSERT, UPDATE ON outbox TO rename_feedback_submit;
GRANT SELECT, INSERT ON experiment_assignments TO rename_feedback_submit;

-- learn: marks feedback learned and deletes its outbox rows, writes everything learned from
-- it (roll-ups, calibration, preferences, experiment outcomes, drift and retraining state).
GRANT SELECT, UPDATE ON feedback TO rename_feedback_learn;
GRANT SELECT, DELETE ON outbox TO rename_feedback_learn;
GRANT SELECT ON experiment_assignments TO rename_feedback_learn;
GRANT SELECT, INSERT, UPDATE ON
  model_hourly_stats, model_hourly_processing_time, model_hourly_edit_distance,
  model_hourly_distribution, model_calibration_bins, naming_observations, naming_evidence,
  learned_state_versions, experiment_person_outcomes, experiment_variant_outcomes,
  experiment_variant_moments, retrain_state, training_jobs, model_lineage
  TO rename_feedback_learn;

-- metrics: reads, and nothing else.
GRANT SELECT ON
  api_keys, feedback, model_hourly_stats, model_hourly_processing_time,
  model_hourly_edit_distance, model_hourly_distribution, model_calibration_bins,
  naming_observations, naming_evidence, learned_state_versions, database_identity
  TO rename_feedback_metrics;

-- experiments: assignments and the always-valid state it keeps; reads outcomes learn wrote;
-- a concluded experiment's winner becomes the tenant's default model.
GRANT SELECT ON
  api_keys, experiment_person_outcomes, experiment_variant_outcomes, experiment_variant_moments
  TO rename_feedback_experiments;
GRANT SELECT, INSERT, UPDATE ON experiment_assignments, experiment_always_valid,
  tenant_default_models TO rename_feedback_experiments;

-- ops: keys (mint, list, revoke), retraining jobs, training-data export, learning backlog.
GRANT SELECT, INSERT, UPDATE ON api_keys TO rename_feedback_ops;
GRANT SELECT ON feedback TO rename_feedback_ops;
GRANT SELECT, INSERT, UPDATE ON retrain_state, training_jobs, model_lineage
  TO rename_feedback_ops;

-- public (health, OpenAPI, no key): nothing. Its readiness check asks only whether the schema
-- is there (to_regclass), which needs no grant.

-- sweeper: republishes outbox rows and pending training jobs.
GRANT SELECT, UPDATE ON outbox TO rename_feedback_sweeper;
GRANT SELECT, INSERT, UPDATE ON retrain_state, training_jobs, model_lineage
  TO rename_feedback_sweeper;

-- Down Migration

-- The roles stay: other databases of the cluster may use them. This database's grants go.
DO $$
DECLARE
  role_name text;
BEGIN
  FOREACH role_name IN ARRAY ARRAY[
    'rename_feedback_submit', 'rename_feedback_learn', 'rename_feedback_metrics',
    'rename_feedback_experiments', 'rename_feedback_ops', 'rename_feedback_public',
    'rename_feedback_sweeper'
  ] LOOP
    EXECUTE format('REVOKE ALL ON ALL TABLES IN SCHEMA public FROM %I', role_name);
  END LOOP;
END $$;
