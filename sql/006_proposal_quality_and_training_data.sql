-- Up Migration

-- How far off modified proposals were, per tenant, model version and UTC hour: the count
-- and sum of the normalized edit distance (0..1) from the proposed to the chosen name.
CREATE TABLE model_hourly_edit_distance (
  tenant_id      text NOT NULL,
  model_version  text NOT NULL,
  hour           timestamptz NOT NULL,
  count          bigint NOT NULL CHECK (count > 0),
  sum            double precision NOT NULL CHECK (sum >= 0),
  PRIMARY KEY (tenant_id, model_version, hour)
);
CREATE INDEX model_hourly_edit_distance_by_tenant_hour
  ON model_hourly_edit_distance (tenant_id, hour);

-- Distributions over [0, 1] kept as equal-width bin counts (see
-- functions/core/proposal-quality.ts): the confidence of every proposal (10 bins) and the
-- edit distance of modified ones (100 bins).
CREATE TABLE model_hourly_distribution (
  tenant_id      text NOT NULL,
  model_version  text NOT NULL,
  hour           timestamptz NOT NULL,
  metric         text NOT NULL CHECK (metric IN ('confidence', 'edit_distance')),
  bin            smallint NOT NULL CHECK (bin >= 0 AND bin < 100),
  count          bigint NOT NULL CHECK (count > 0),
  PRIMARY KEY (tenant_id, model_version, hour, metric, bin)
);
CREATE INDEX model_hourly_distribution_by_tenant_hour
  ON model_hourly_distribution (tenant_id, hour);

-- Training-data export pages through a tenant's feedback by (received_at, id).
CREATE INDEX feedback_by_tenant_time_id ON feedback (tenant_id, received_at, id);

-- Down Migration
DROP INDEX feedback_by_tenant_time_id;
DROP TABLE model_hourly_distribution;
DROP TABLE model_hourly_edit_distance;
