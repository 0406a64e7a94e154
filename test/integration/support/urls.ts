import { LOCAL_DATABASE_URL, LOCAL_REDIS_URL } from '../../../lib/stage';

/** The PostgreSQL server tests make their databases on (its own database name is replaced). */
export function testDatabaseServerUrl(): string {
  return process.env.DATABASE_URL ?? LOCAL_DATABASE_URL;
}

export function testRedisUrl(): string {
  return process.env.REDIS_URL ?? LOCAL_REDIS_URL;
}
