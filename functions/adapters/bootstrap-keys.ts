import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import pg from 'pg';
import { environment } from '#config';
import { DEFAULT_TENANT, type Scope, shapeOfApiKey } from '#core/api-key';
import { replaceLabelledApiKey } from './api-key-store';
import { applyMigrations } from './migrations';

/** The keys a deployed stack makes itself, so its operators can call it at all. */
export interface BootstrapKeys {
  /** An admin key of the tenant `default`. */
  admin: string;
  /** An operator key: no tenant; it onboards tenants (POST /v1/admin/tenants/{id}/keys). */
  operator: string;
}

const BOOTSTRAP: readonly { name: keyof BootstrapKeys; scope: Scope; label: string }[] = [
  { name: 'admin', scope: 'admin', label: 'bootstrap-admin' },
  { name: 'operator', scope: 'operator', label: 'bootstrap-operator' },
];

/**
 * The bootstrap keys from the secrets the stack names, or none when it names none (the
 * local stage, whose `npm start` registers its own keys).
 */
export async function readBootstrapKeys(): Promise<BootstrapKeys | undefined> {
  const env = environment();
  const admin = env.BOOTSTRAP_ADMIN_KEY_SECRET_ARN;
  const operator = env.BOOTSTRAP_OPERATOR_KEY_SECRET_ARN;
  if (admin === undefined && operator === undefined) return undefined;
  if (admin === undefined || operator === undefined) {
    throw new Error(
      'Missing configuration: BOOTSTRAP_ADMIN_KEY_SECRET_ARN and ' +
        'BOOTSTRAP_OPERATOR_KEY_SECRET_ARN are set together',
    );
  }
  const client = new SecretsManagerClient({});
  const read = async (arn: string) =>
    (await client.send(new GetSecretValueCommand({ SecretId: arn }))).SecretString ?? '';
  const [adminKey, operatorKey] = await Promise.all([read(admin), read(operator)]);
  return { admin: adminKey, operator: operatorKey };
}

/** What a run of the migration function did. */
export interface DatabaseSetup {
  applied: string[];
  /** Labels of the bootstrap keys whose hash was not registered before this run. */
  registered: string[];
  /** Earlier keys revoked because their secret was rotated. */
  revoked: number;
}

/**
 * Everything the migration function does once it has read its secrets: applies the pending
 * migrations of `migrationsDir`, then registers the bootstrap keys' hashes under their
 * labels, revoking an earlier key of that label whose secret has since changed. Run again
 * with the same keys, it changes nothing; a bootstrap key someone revoked stays revoked
 * (rotate its secret to get a working one).
 */
export async function setUpDatabase(
  databaseUrl: string,
  migrationsDir: string,
  keys: BootstrapKeys | undefined,
  log: (line: string) => void = () => {},
): Promise<DatabaseSetup> {
  const applied = await applyMigrations(databaseUrl, migrationsDir, log);
  if (!keys) return { applied, registered: [], revoked: 0 };
  for (const { name } of BOOTSTRAP) {
    if (shapeOfApiKey(keys[name]) !== 'bootstrap') {
      throw new Error(`The bootstrap ${name} key must be 24 to 200 characters of [A-Za-z0-9_]`);
    }
  }
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    const registered: string[] = [];
    let revoked = 0;
    for (const { name, scope, label } of BOOTSTRAP) {
      const tenantId = scope === 'operator' ? null : DEFAULT_TENANT;
      const result = await replaceLabelledApiKey(client, {
        key: keys[name],
        scope,
        tenantId,
        label,
      });
      if (result.created) registered.push(label);
      revoked += result.revoked;
    }
    await client.query('COMMIT');
    return { applied, registered, revoked };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}
