-- Up Migration

-- Which database this is. Caches shared by several databases (stages, a database dropped
-- and made again, test suites) namespace their keys with it, so an answer cached for one
-- database can never be served for another. Written once, here, at migration.
CREATE TABLE database_identity (
  singleton   boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  id          uuid NOT NULL DEFAULT gen_random_uuid(),
  created_at  timestamptz NOT NULL DEFAULT now()
);
INSERT INTO database_identity DEFAULT VALUES;

-- The version of each tenant's learned state, changed by `learn` in the transaction that
-- learns (so it commits with the data it describes, or not at all). Cached reads key their
-- entries with it, read from here, so a lost or failed Redis write can cost a miss, never
-- a stale answer. `token` is random per commit rather than a counter: a database restored
-- from a snapshot comes back with its own token, never one another state also had.
CREATE TABLE learned_state_versions (
  tenant_id   text PRIMARY KEY,
  version     bigint NOT NULL DEFAULT 1,
  token       uuid NOT NULL DEFAULT gen_random_uuid(),
  changed_at  timestamptz NOT NULL DEFAULT now()
);

-- Down Migration
DROP TABLE learned_state_versions;
DROP TABLE database_identity;
