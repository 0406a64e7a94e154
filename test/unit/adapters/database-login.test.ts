import { afterEach, describe, expect, it, vi } from 'vitest';
import { databaseLogin, databaseUrlOf } from '#adapters/database-login';
import { readEnvironment } from '#config';

describe("databaseUrlOf: an RDS secret's connection", () => {
  const fields = {
    username: 'app user',
    password: 'p@ss/word?',
    host: 'db.example.internal',
    port: 5432,
    dbname: 'rename_feedback',
  };

  it('verifies the server (the default setting), and escapes the credentials', () => {
    const url = new URL(databaseUrlOf(fields, 'verify-full'));
    expect(url.searchParams.get('sslmode')).toBe('verify-full');
    expect(decodeURIComponent(url.username)).toBe('app user');
    expect(decodeURIComponent(url.password)).toBe('p@ss/word?');
    expect(url.host).toBe('db.example.internal:5432');
    expect(url.pathname).toBe('/rename_feedback');
  });

  it('only encrypts when told no-verify (a self-signed server)', () => {
    expect(new URL(databaseUrlOf(fields, 'no-verify')).searchParams.get('sslmode')).toBe(
      'no-verify',
    );
  });
});

describe('databaseLogin: as whom a function connects', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('logs a created database in as the function role, with an IAM token per connection', async () => {
    const login = await databaseLogin(
      readEnvironment({
        DATABASE_HOST: 'db.example.internal',
        DATABASE_PORT: '5432',
        DATABASE_NAME: 'rename_feedback',
        DATABASE_ROLE: 'rename_feedback_metrics',
        AWS_REGION: 'eu-west-1',
        AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
        AWS_SECRET_ACCESS_KEY: 'secret',
      }),
    );
    expect(login).toMatchObject({
      host: 'db.example.internal',
      port: 5432,
      database: 'rename_feedback',
      user: 'rename_feedback_metrics',
      ssl: { rejectUnauthorized: true },
    });
    expect(login.connectionString).toBeUndefined();
    expect(typeof login.password).toBe('function');
  });

  it('signs a token for that host, port and role (what RDS checks), never a password', async () => {
    vi.stubEnv('AWS_REGION', 'eu-west-1');
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDEXAMPLE');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret');
    const login = await databaseLogin(
      readEnvironment({
        DATABASE_HOST: 'db.example.internal',
        DATABASE_NAME: 'rename_feedback',
        DATABASE_ROLE: 'rename_feedback_submit',
      }),
    );
    const token = await (login.password as () => Promise<string>)();
    const signed = new URL(`https://${token}`);
    expect(signed.host).toBe('db.example.internal:5432');
    expect(signed.searchParams.get('Action')).toBe('connect');
    expect(signed.searchParams.get('DBUser')).toBe('rename_feedback_submit');
    expect(signed.searchParams.get('X-Amz-Credential')).toContain('/eu-west-1/rds-db/');
  });

  it('only encrypts an IAM login when told no-verify', async () => {
    const login = await databaseLogin(
      readEnvironment({
        DATABASE_HOST: 'localhost.localstack.cloud',
        DATABASE_NAME: 'rename_feedback',
        DATABASE_ROLE: 'rename_feedback_submit',
        DATABASE_SSL_MODE: 'no-verify',
      }),
    );
    expect(login.ssl).toEqual({ rejectUnauthorized: false });
  });

  it('refuses a host without the role to log in as', async () => {
    await expect(
      databaseLogin(readEnvironment({ DATABASE_HOST: 'db', DATABASE_NAME: 'rename_feedback' })),
    ).rejects.toThrow(/DATABASE_ROLE/);
  });

  it("switches a URL's login to the function role at connect", async () => {
    const url = 'postgres://postgres@127.0.0.1:5432/rename_feedback';
    const login = await databaseLogin(
      readEnvironment({ DATABASE_URL: url, DATABASE_ROLE: 'rename_feedback_learn' }),
    );
    expect(login).toEqual({ connectionString: url, options: '-c role=rename_feedback_learn' });
  });

  it('keeps the URL user when no role is named (scripts, migrations)', async () => {
    const url = 'postgres://postgres@127.0.0.1:5432/rename_feedback';
    expect(await databaseLogin(readEnvironment({ DATABASE_URL: url }))).toEqual({
      connectionString: url,
    });
  });

  it('refuses a role that is not one of ours (it goes into a startup option)', () => {
    expect(() => readEnvironment({ DATABASE_ROLE: 'x -c search_path=evil' })).toThrow(
      /DATABASE_ROLE/,
    );
  });
});
