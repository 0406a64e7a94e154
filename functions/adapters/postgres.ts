import pg from 'pg';
import { environment } from '#config';
import { DependencyUnavailableError } from '#core/errors';
import { databaseLogin } from './database-login';
import { isTraceSampled, traced } from './tracer';

let pool: Promise<pg.Pool> | undefined;
/** The subsegment of every statement and transaction, as X-Ray names the database. */
const POSTGRES_TRACE_NAME = 'PostgreSQL';

/** The container's connection pool, created on first use and kept between invocations. */
export function getPool(): Promise<pg.Pool> {
  pool ??= createPool().catch((error: unknown) => {
    pool = undefined;
    throw error;
  });
  return pool;
}

async function createPool(): Promise<pg.Pool> {
  const env = environment();
  const created = new pg.Pool({
    ...(await databaseLogin()),
    max: env.DATABASE_POOL_MAX,
    connectionTimeoutMillis: 3_000,
    idleTimeoutMillis: 60_000,
    // A query stuck behind a dead server must not hold the invocation until its timeout.
    query_timeout: 8_000,
    // And the server gives up too: query_timeout only stops waiting, and a statement the
    // client abandoned would run on, holding its locks and a core, for as long as it takes.
    statement_timeout: 8_000,
  });
  // An idle client losing its server is expected (restarts, failovers); the pool replaces it.
  created.on('error', () => {});
  return created;
}

/** PostgreSQL's invalid_password: what a pool made before a rotation meets on its next connection. */
const INVALID_PASSWORD = '28P01';

/**
 * The database secret rotates (every 30 days), and a pool keeps the password it was made with:
 * once it is refused, the pool is dropped and the next request reads the secret again. The
 * request that met it gets a 503 to retry. A DATABASE_URL's password does not rotate.
 */
function retireRotatedPool(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (code !== INVALID_PASSWORD || environment().DATABASE_URL !== undefined) return error;
  const stale = pool;
  pool = undefined;
  void stale?.then((retired) => retired.end()).catch(() => {});
  return new DependencyUnavailableError('The database password has changed; retry', {
    cause: error,
  });
}

/**
 * Runs `work` in one transaction, rolled back on any error. Traced as one `PostgreSQL`
 * subsegment (`TRANSACTION`), its wait for a connection included.
 */
export function withTransaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  return traced(POSTGRES_TRACE_NAME, 'TRANSACTION', () => inTransaction(work));
}

async function inTransaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await connect();
  // The pool stops listening to a client's errors while it is checked out, and pg emits a
  // lost connection (server killed, backend terminated, socket reset) as an 'error' event
  // besides failing the query in flight. Unheard, that event is an uncaught exception that
  // kills the function instance mid-request (a 500, and a lost batch for `learn`). The
  // query's own failure is what reports it; the client is destroyed, not reused.
  let lost: Error | undefined;
  const onLost = (error: Error) => {
    lost = error;
  };
  client.on('error', onLost);
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw translateError(error);
  } finally {
    client.removeListener('error', onLost);
    client.release(lost);
  }
}

/** A statement by its text, or named (`{name, text}`) to be planned once per connection. */
export type Statement = string | { name: string; text: string };

/**
 * What a statement's trace says it did: its name, or its first keyword (`SELECT`,
 * `WITH`...), never its values.
 */
export function operationOf(statement: Statement): string {
  if (typeof statement !== 'string') return statement.name;
  const code = statement.replace(/^(?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*/, '');
  return /^[A-Za-z]+/.exec(code)?.[0].toUpperCase() ?? 'SQL';
}

/** Runs one statement on a pooled connection, as one `PostgreSQL` subsegment. */
export function query<R extends pg.QueryResultRow>(
  statement: Statement,
  values: unknown[] = [],
): Promise<pg.QueryResult<R>> {
  // Tested first so that an untraced statement is not even read for its keyword.
  if (!isTraceSampled()) return run<R>(statement, values);
  return traced(POSTGRES_TRACE_NAME, operationOf(statement), () => run<R>(statement, values));
}

async function run<R extends pg.QueryResultRow>(
  statement: Statement,
  values: unknown[],
): Promise<pg.QueryResult<R>> {
  const db = await getPool().catch((error: unknown) => {
    throw translateError(error);
  });
  try {
    return typeof statement === 'string'
      ? await db.query<R>(statement, values)
      : await db.query<R>({ ...statement, values });
  } catch (error) {
    throw translateError(retireRotatedPool(error));
  }
}

async function connect(): Promise<pg.PoolClient> {
  try {
    return await (await getPool()).connect();
  } catch (error) {
    throw translateError(retireRotatedPool(error));
  }
}

// SQLSTATEs and socket errors that mean "the server is not there", not "the query is wrong":
// connection failures, shutdowns, too many clients, a database not accepting connections.
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  '57P01',
  '57P02',
  '57P03',
  '53300',
  '55000',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
]);
const UNAVAILABLE_MESSAGES =
  /Connection terminated|timeout exceeded|Query read timeout|not queryable|not currently accepting connections/i;

/** Marks "the database is not there" apart from real bugs, so clients get a 503 to retry. */
export function translateError(error: unknown): unknown {
  if (error instanceof DependencyUnavailableError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : '';
  if (
    (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) ||
    UNAVAILABLE_MESSAGES.test(message)
  ) {
    return new DependencyUnavailableError('The database is unavailable; retry later', {
      cause: error,
    });
  }
  return error;
}
