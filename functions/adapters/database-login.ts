import { Signer } from '@aws-sdk/rds-signer';
import type pg from 'pg';
import { type Environment, environment } from '#config';
import { readSecretString } from './secrets';

/** How a pool logs in: host, user and password, or a URL, as the environment says. */
export type DatabaseLogin = Pick<
  pg.PoolConfig,
  'connectionString' | 'host' | 'port' | 'database' | 'user' | 'password' | 'ssl' | 'options'
>;

/**
 * The login of this function's pool, in order of preference:
 * - DATABASE_HOST (a database the stack created): as DATABASE_ROLE, with an RDS IAM token
 *   signed for each new connection (valid 15 minutes; a pool's connections outlive it, which
 *   RDS allows). No password exists, and the master user's secret is never read.
 * - DATABASE_URL, or the URL of the secret DATABASE_SECRET_ARN names: as its user, switching to
 *   DATABASE_ROLE at connect when there is one. Every statement is then checked against the
 *   role's grants, though the login itself could switch back: the protection of a role, not
 *   of a login (docs/known-gaps.md).
 */
export async function databaseLogin(env: Environment = environment()): Promise<DatabaseLogin> {
  const role = env.DATABASE_ROLE;
  if (env.DATABASE_HOST) {
    if (!role || !env.DATABASE_NAME) {
      throw new Error('Missing configuration: DATABASE_HOST needs DATABASE_ROLE and DATABASE_NAME');
    }
    const signer = new Signer({
      hostname: env.DATABASE_HOST,
      port: env.DATABASE_PORT,
      username: role,
    });
    return {
      host: env.DATABASE_HOST,
      port: env.DATABASE_PORT,
      database: env.DATABASE_NAME,
      user: role,
      // pg asks for the password at each new connection, so a token is never reused stale.
      password: () => signer.getAuthToken(),
      // IAM authentication requires TLS; verify-full checks the RDS certificate and name.
      ssl: { rejectUnauthorized: env.DATABASE_SSL_MODE === 'verify-full' },
    };
  }
  return {
    connectionString: await readDatabaseUrl(env),
    ...(role ? { options: `-c role=${role}` } : {}),
  };
}

/** The connection URL: DATABASE_URL, or one built from the secret DATABASE_SECRET_ARN names. */
export async function readDatabaseUrl(env: Environment = environment()): Promise<string> {
  if (env.DATABASE_URL) return env.DATABASE_URL;
  if (!env.DATABASE_SECRET_ARN) {
    throw new Error('Missing configuration: DATABASE_HOST, DATABASE_URL or DATABASE_SECRET_ARN');
  }
  const fields = JSON.parse(await readSecretString(env.DATABASE_SECRET_ARN)) as Record<
    string,
    string | number
  >;
  return databaseUrlOf(fields, env.DATABASE_SSL_MODE);
}

/** The URL of an RDS secret's fields, with TLS as `sslMode` says (DATABASE_SSL_MODE). */
export function databaseUrlOf(
  fields: Record<string, string | number>,
  sslMode: 'verify-full' | 'no-verify',
): string {
  const user = encodeURIComponent(String(fields.username));
  const password = encodeURIComponent(String(fields.password));
  return `postgres://${user}:${password}@${fields.host}:${fields.port}/${fields.dbname}?sslmode=${sslMode}`;
}
