-- Up Migration

-- Experiments randomize people, so their statistics are computed over people: each
-- person's running sums per experiment variant, kept by `learn` in the transaction that
-- learns their feedback. The CUPED covariate is fixed when the person is first learned:
-- their decisions before they were assigned (before the experiment could touch them).
CREATE TABLE experiment_person_outcomes (
  tenant_id          text NOT NULL,
  experiment_id      text NOT NULL,
  variant            text NOT NULL,
  user_id            text NOT NULL,
  decided            bigint NOT NULL CHECK (decided >= 0),
  approved           bigint NOT NULL CHECK (approved >= 0),
  modified           bigint NOT NULL CHECK (modified >= 0),
  edit_distance_sum  double precision NOT NULL CHECK (edit_distance_sum >= 0),
  pre_decided        bigint NOT NULL CHECK (pre_decided >= 0),
  pre_approved       bigint NOT NULL CHECK (pre_approved >= 0 AND pre_approved <= pre_decided),
  PRIMARY KEY (tenant_id, experiment_id, variant, user_id),
  CHECK (approved <= decided AND modified <= decided)
);

-- Per variant and ratio metric, the sufficient statistics over people (x a person's
-- numerator, m their denominator; a person counts once m > 0), and the CUPED covariates
-- (h = 1 when the person has history, y = their pre-assignment approval rate, 0 without).
-- Updated by deltas: a person's new decisions change their x and m, so the squares and
-- products change by the difference; never a rescan.
CREATE TABLE experiment_variant_moments (
  tenant_id      text NOT NULL,
  experiment_id  text NOT NULL,
  variant        text NOT NULL,
  metric         text NOT NULL CHECK (metric IN ('approval', 'modification', 'edit_distance')),
  n              bigint NOT NULL CHECK (n >= 0),
  sum_x          double precision NOT NULL,
  sum_m          double precision NOT NULL,
  sum_xx         double precision NOT NULL,
  sum_mm         double precision NOT NULL,
  sum_xm         double precision NOT NULL,
  sum_h          double precision NOT NULL,
  sum_y          double precision NOT NULL,
  sum_yy         double precision NOT NULL,
  sum_xh         double precision NOT NULL,
  sum_mh         double precision NOT NULL,
  sum_xy         double precision NOT NULL,
  sum_my         double precision NOT NULL,
  PRIMARY KEY (tenant_id, experiment_id, variant, metric)
);

-- A person's history before a moment: the covariate's query, once per person and experiment.
CREATE INDEX feedback_by_tenant_user_time ON feedback (tenant_id, user_id, received_at);

-- Backfill from what was learned before this migration, computed as `learn` computes it
-- (the normalized edit distance is Levenshtein over code points divided by the longer
-- name's length: fuzzystrmatch's levenshtein counts characters the same way).
CREATE EXTENSION IF NOT EXISTS fuzzystrmatch;

INSERT INTO experiment_person_outcomes
  (tenant_id, experiment_id, variant, user_id, decided, approved, modified, edit_distance_sum,
   pre_decided, pre_approved)
SELECT p.tenant_id, p.experiment_id, p.variant, p.user_id, p.decided, p.approved, p.modified,
       p.edit_distance_sum, coalesce(h.pre_decided, 0), coalesce(h.pre_approved, 0)
  FROM (
    SELECT f.tenant_id, f.experiment_id, f.variant, f.user_id,
           count(*) AS decided,
           count(*) FILTER (WHERE f.action = 'approved') AS approved,
           count(*) FILTER (WHERE f.action = 'modified') AS modified,
           coalesce(sum(levenshtein(f.proposed_filename, f.user_filename)::float8
             / greatest(char_length(f.proposed_filename), char_length(f.user_filename)))
             FILTER (WHERE f.action = 'modified'), 0) AS edit_distance_sum,
           min(f.received_at) AS first_seen
      FROM feedback f
     WHERE f.learned_at IS NOT NULL AND f.experiment_id IS NOT NULL
     GROUP BY f.tenant_id, f.experiment_id, f.variant, f.user_id
  ) p
  LEFT JOIN experiment_assignments a
    ON a.tenant_id = p.tenant_id AND a.experiment_id = p.experiment_id AND a.user_id = p.user_id
  LEFT JOIN LATERAL (
    SELECT count(*) AS pre_decided, count(*) FILTER (WHERE e.action = 'approved') AS pre_approved
      FROM feedback e
     WHERE e.tenant_id = p.tenant_id AND e.user_id = p.user_id
       AND e.received_at < least(coalesce(a.assigned_at, p.first_seen), p.first_seen)
       AND e.experiment_id IS DISTINCT FROM p.experiment_id
  ) h ON true;

INSERT INTO experiment_variant_moments
SELECT o.tenant_id, o.experiment_id, o.variant, k.metric,
       count(*), sum(k.x), sum(k.m), sum(k.x * k.x), sum(k.m * k.m), sum(k.x * k.m),
       sum(k.h), sum(k.y), sum(k.y * k.y), sum(k.x * k.h), sum(k.m * k.h), sum(k.x * k.y),
       sum(k.m * k.y)
  FROM experiment_person_outcomes o
 CROSS JOIN LATERAL (
    SELECT CASE WHEN o.pre_decided > 0 THEN 1.0 ELSE 0.0 END AS h,
           CASE WHEN o.pre_decided > 0 THEN o.pre_approved::float8 / o.pre_decided ELSE 0.0 END AS y
  ) c
 CROSS JOIN LATERAL (VALUES
    ('approval', o.approved::float8, o.decided::float8, c.h, c.y),
    ('modification', o.modified::float8, o.decided::float8, c.h, c.y),
    ('edit_distance', o.edit_distance_sum, o.modified::float8, c.h, c.y)
  ) AS k(metric, x, m, h, y)
 WHERE k.m > 0
 GROUP BY o.tenant_id, o.experiment_id, o.variant, k.metric;

-- The always-valid results kept so far were computed over decisions; the running minimum
-- over looks must start again on the per-person analysis, or it would keep their too-small
-- p-values.
DELETE FROM experiment_always_valid;

-- Down Migration
DROP TABLE experiment_variant_moments;
DROP TABLE experiment_person_outcomes;
DROP INDEX feedback_by_tenant_user_time;
