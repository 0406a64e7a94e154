import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';

/**
 * A checked-out client as pg makes it: an EventEmitter whose 'error' event, unheard, is an
 * uncaught exception (EventEmitter throws it). The queries answer as scripted.
 */
class FakeClient extends EventEmitter {
  readonly statements: string[] = [];
  release = vi.fn();
  onQuery: (text: string) => Promise<unknown> = async () => ({ rows: [] });

  query(text: string): Promise<unknown> {
    this.statements.push(text);
    return this.onQuery(text);
  }
}

const clients: FakeClient[] = [];
vi.mock('pg', () => ({
  default: {
    Pool: class {
      on() {}
      async connect() {
        const client = clients.shift();
        if (!client) throw new Error('No client scripted');
        return client;
      }
    },
  },
}));
vi.stubEnv('DATABASE_URL', 'postgres://postgres@db.internal:5432/rename_feedback');

const { operationOf, translateError, withTransaction } = await import('#adapters/postgres');
const { DependencyUnavailableError } = await import('#core/errors');

function pgError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('translateError', () => {
  it.each([
    ['too many clients (53300)', pgError('53300', 'sorry, too many clients already')],
    [
      'a terminated backend (57P01)',
      pgError('57P01', 'terminating connection due to administrator command'),
    ],
    ['a server starting up (57P03)', pgError('57P03', 'the database system is starting up')],
    ['a refused connection', pgError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')],
    ['a reset connection', pgError('ECONNRESET', 'read ECONNRESET')],
    ['a connection lost mid-query', new Error('Connection terminated unexpectedly')],
  ])('makes %s a 503 the client may retry', (_, error) => {
    const translated = translateError(error);
    expect(translated).toBeInstanceOf(DependencyUnavailableError);
    expect((translated as InstanceType<typeof DependencyUnavailableError>).status).toBe(503);
    expect((translated as Error).cause).toBe(error);
  });

  it('leaves a real query error alone, so it stays a 500 and is logged as a bug', () => {
    const error = pgError('42703', 'column "nope" does not exist');
    expect(translateError(error)).toBe(error);
  });
});

describe('withTransaction', () => {
  it('answers 503 and survives a connection lost mid-transaction, and never reuses the client', async () => {
    const client = new FakeClient();
    const lost = new Error('Connection terminated unexpectedly');
    let heard = false;
    client.onQuery = (text) => {
      if (text !== 'INSERT') return Promise.resolve({ rows: [] });
      // What pg does when the socket closes under a query, in that event's own tick: the
      // query in flight fails and 'error' is emitted on the client. Nobody listening would
      // make emit() throw there: an uncaught exception, which ends a Lambda instance.
      return new Promise((_, reject) => {
        setImmediate(() => {
          reject(lost);
          heard = client.listenerCount('error') > 0;
          if (heard) client.emit('error', lost);
        });
      });
    };
    clients.push(client);

    const outcome = withTransaction((c) => c.query('INSERT'));

    await expect(outcome).rejects.toBeInstanceOf(DependencyUnavailableError);
    expect(heard).toBe(true);
    expect(client.statements).toEqual(['BEGIN', 'INSERT', 'ROLLBACK']);
    expect(client.release).toHaveBeenCalledWith(lost);
    expect(client.listenerCount('error')).toBe(0);
  });

  it('returns a healthy client to the pool after a commit', async () => {
    const client = new FakeClient();
    clients.push(client);

    await expect(withTransaction(async () => 'done')).resolves.toBe('done');
    expect(client.statements).toEqual(['BEGIN', 'COMMIT']);
    expect(client.release).toHaveBeenCalledWith(undefined);
    expect(client.listenerCount('error')).toBe(0);
  });
});

describe("operationOf: what a statement's trace says it did", () => {
  it('names a named statement by its name', () => {
    expect(operationOf({ name: 'insert-feedback-and-outbox-v1', text: 'WITH x AS (...)' })).toBe(
      'insert-feedback-and-outbox-v1',
    );
  });

  it('names a text statement by its first keyword, past comments, and never by its values', () => {
    expect(operationOf("select * from api_keys where hash = 'secret'")).toBe('SELECT');
    expect(operationOf('\n  -- the claim\n/* batch */ WITH claimed AS (SELECT 1) SELECT 2')).toBe(
      'WITH',
    );
    expect(operationOf('   ')).toBe('SQL');
  });
});
