import { describe, expect, it, vi } from 'vitest';

const passwords = ['before-rotation', 'after-rotation'];
const pools: { url: string; ended: boolean }[] = [];
vi.mock('pg', () => ({
  default: {
    Pool: class {
      readonly made: { url: string; ended: boolean };
      constructor(options: { connectionString: string }) {
        this.made = { url: options.connectionString, ended: false };
        pools.push(this.made);
      }
      on() {}
      async query() {
        if (this.made.url.includes('before-rotation')) {
          throw Object.assign(new Error('password authentication failed'), { code: '28P01' });
        }
        return { rows: [{ answer: 1 }] };
      }
      async end() {
        this.made.ended = true;
      }
    },
  },
}));
const readSecretString = vi.fn(async (_arn: string) =>
  JSON.stringify({
    username: 'rename_feedback',
    password: passwords.shift(),
    host: 'db.internal',
    port: 5432,
    dbname: 'rename_feedback',
  }),
);
vi.mock('#adapters/secrets', () => ({ readSecretString }));
vi.stubEnv('DATABASE_SECRET_ARN', 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db');

const { query } = await import('#adapters/postgres');
const { DependencyUnavailableError } = await import('#core/errors');

describe('a rotated database password', () => {
  it('answers 503 once, then reads the secret again and connects with the new password', async () => {
    await expect(query('SELECT 1')).rejects.toBeInstanceOf(DependencyUnavailableError);
    await expect(query('SELECT 1')).resolves.toMatchObject({ rows: [{ answer: 1 }] });

    expect(readSecretString).toHaveBeenCalledTimes(2);
    expect(pools.map(({ ended }) => ended)).toEqual([true, false]);
    expect(pools[1]?.url).toContain('after-rotation');
  });
});
