-- Up Migration

-- Naming preferences (functions/core/preferences/): counters `learn` adds to per batch,
-- never recomputed from history. user_id '' is the tenant's shared profile (a person's id
-- has 1 to 128 characters, so it cannot collide).

-- How many names of a person (or tenant) showed each dimension: a separator needs two
-- words, a date position a date; `tokens` counts names compared word by word.
CREATE TABLE naming_observations (
  tenant_id   text NOT NULL,
  user_id     text NOT NULL CHECK (char_length(user_id) <= 128),
  dimension   text NOT NULL CHECK (dimension IN
                ('separator', 'case', 'dateFormat', 'datePosition', 'extensionCase', 'tokens')),
  count       bigint NOT NULL CHECK (count > 0),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, user_id, dimension)
);

-- Per (dimension, value): names changed to show it (a token: removed; addPrefix /
-- addSuffix: added as typed) and names whose proposal already showed it and kept it.
-- people: on the tenant's profile, how many people changed a name to the value (a rule
-- of the tenant applies only when several did); 1 on a person's own row.
CREATE TABLE naming_evidence (
  tenant_id   text NOT NULL,
  user_id     text NOT NULL CHECK (char_length(user_id) <= 128),
  dimension   text NOT NULL CHECK (dimension IN ('separator', 'case', 'dateFormat',
                'datePosition', 'extensionCase', 'token', 'addPrefix', 'addSuffix')),
  value       text NOT NULL CHECK (char_length(value) BETWEEN 1 AND 255),
  changed     bigint NOT NULL CHECK (changed >= 0),
  kept        bigint NOT NULL CHECK (kept >= 0),
  people      integer NOT NULL CHECK (people >= 0),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, user_id, dimension, value),
  CHECK (changed + kept > 0)
);
-- The primary keys serve the reads: one profile is (tenant_id, user_id, ...) by prefix.

-- Down Migration
DROP TABLE naming_evidence;
DROP TABLE naming_observations;
