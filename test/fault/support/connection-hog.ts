import pg from 'pg';
import { PRIVATE_MAX_CONNECTIONS } from './private-servers';

export interface Occupation {
  /** Connections this hog held at the end. */
  held: number;
  /** The service's connections it ended (each freed slot was then taken by the hog). */
  terminated: number;
  /** How often the server refused the hog a connection with 53300 too_many_connections. */
  refusals: number;
}

/**
 * Another client eats every connection the server has for `ms`: it opens connections until
 * the server answers "too many clients", then keeps taking each slot that frees up. The
 * service's own connections are ended (as a restarted pooler or a failover would), so that
 * for the whole time it can only get "too many clients", not reuse what it held before.
 */
export async function occupyEveryConnection(
  maintenanceUrl: string,
  serviceDatabase: string,
  ms: number,
): Promise<Occupation> {
  const clients: pg.Client[] = [];
  const occupation: Occupation = { held: 0, terminated: 0, refusals: 0 };
  /** Opens one more; false when the server is full. */
  const grab = async (): Promise<boolean> => {
    const client = new pg.Client({ connectionString: maintenanceUrl });
    client.on('error', () => {});
    try {
      await client.connect();
      clients.push(client);
      return true;
    } catch (error) {
      if ((error as { code?: string }).code !== '53300') throw error;
      occupation.refusals += 1;
      return false;
    }
  };
  try {
    for (let i = 0; i <= PRIVATE_MAX_CONNECTIONS && (await grab()); i += 1);
    const [admin] = clients;
    if (!admin || occupation.refusals === 0) {
      throw new Error(`Could not fill the server: ${clients.length} connections opened`);
    }
    const until = Date.now() + ms;
    while (Date.now() < until) {
      const ended = await admin.query<{ n: number }>(
        `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
          WHERE datname = $1 AND pid <> pg_backend_pid()`,
        [serviceDatabase],
      );
      occupation.terminated += ended.rows[0]?.n ?? 0;
      // Take what the terminations freed before the service gets it back.
      while (Date.now() < until && (await grab()));
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    occupation.held = clients.length;
    return occupation;
  } finally {
    await Promise.all(clients.map((client) => client.end().catch(() => undefined)));
  }
}
