-- Up Migration

-- Keys are found by the first 8 bytes of their SHA-256 (no part of a key is stored), then
-- compared in full in constant time. Existing rows get their prefix from their hash.
ALTER TABLE api_keys ADD COLUMN lookup_prefix bytea;
UPDATE api_keys SET lookup_prefix = substring(key_hash FROM 1 FOR 8);
ALTER TABLE api_keys ALTER COLUMN lookup_prefix SET NOT NULL;
ALTER TABLE api_keys ADD CONSTRAINT api_keys_lookup_prefix_length CHECK (octet_length(lookup_prefix) = 8);
CREATE INDEX api_keys_by_lookup_prefix ON api_keys (lookup_prefix) WHERE revoked_at IS NULL;

ALTER TABLE api_keys ALTER COLUMN tenant_id DROP DEFAULT;
ALTER TABLE api_keys ADD CONSTRAINT api_keys_tenant_shape CHECK (tenant_id ~ '^[A-Za-z0-9_-]{1,64}$');

-- Down Migration
ALTER TABLE api_keys DROP CONSTRAINT api_keys_tenant_shape;
ALTER TABLE api_keys ALTER COLUMN tenant_id SET DEFAULT 'default';
DROP INDEX api_keys_by_lookup_prefix;
ALTER TABLE api_keys DROP CONSTRAINT api_keys_lookup_prefix_length;
ALTER TABLE api_keys DROP COLUMN lookup_prefix;
