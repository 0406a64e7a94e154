import { LOCAL_DATABASE_URL, LOCAL_REDIS_URL } from '../../../lib/stage';

/** The PostgreSQL server tests make their databases on (its own database name is replaced). */
export function testDatabaseServerUrl(): string {
  return process.env.DATABASE_URL ?? LOCAL_DATABASE_URL;
}

/**
 * The same server's maintenance database (`postgres`), which exists on every fresh server:
 * tests check reachability and create or drop their own databases through it, and never
 * depend on a database that only an earlier `npm start` would have created.
 */
export function maintenanceDatabaseUrl(): string {
  const url = new URL(testDatabaseServerUrl());
  url.pathname = '/postgres';
  return url.toString();
}

export function testRedisUrl(): string {
  return process.env.REDIS_URL ?? LOCAL_REDIS_URL;
}
