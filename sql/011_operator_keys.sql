-- Up Migration

-- Operator keys: for the people who run the service. Queues and dead letters are shared by
-- every tenant, so the routes that show or move them take a key that belongs to no tenant,
-- and such a key reaches no tenant's data. A key has a tenant exactly when it is not an
-- operator's.
ALTER TABLE api_keys DROP CONSTRAINT api_keys_scope_check;
ALTER TABLE api_keys ADD CONSTRAINT api_keys_scope_check
  CHECK (scope IN ('user', 'admin', 'operator'));
ALTER TABLE api_keys ALTER COLUMN tenant_id DROP NOT NULL;
ALTER TABLE api_keys ADD CONSTRAINT api_keys_tenant_unless_operator
  CHECK ((scope = 'operator') = (tenant_id IS NULL));

-- A tenant's learning backlog (in GET /v1/learning/status) without scanning other tenants'
-- unlearned feedback: small while learn keeps up, like feedback_unlearned.
CREATE INDEX feedback_unlearned_by_tenant ON feedback (tenant_id, received_at)
  WHERE learned_at IS NULL;

-- Down Migration
DROP INDEX feedback_unlearned_by_tenant;
DELETE FROM api_keys WHERE scope = 'operator';
ALTER TABLE api_keys DROP CONSTRAINT api_keys_tenant_unless_operator;
ALTER TABLE api_keys ALTER COLUMN tenant_id SET NOT NULL;
ALTER TABLE api_keys DROP CONSTRAINT api_keys_scope_check;
ALTER TABLE api_keys ADD CONSTRAINT api_keys_scope_check CHECK (scope IN ('user', 'admin'));
