import path from 'node:path';
import * as z from 'zod';
import { LOCAL_DATABASE_URL, LOCAL_REDIS_URL } from '../lib/stage';

const bootstrapKey = z
  .string()
  .regex(/^[A-Za-z0-9_]{24,}$/, 'must be 24 or more characters of [A-Za-z0-9_]')
  .optional();

/** Where queues are saved between runs, and a crashed run is detected (emulator.ts). */
const DEFAULT_STATE_DIR = path.resolve(import.meta.dirname, '..', '.local-state');

/** What `npm start` reads from its environment; a bad value stops it with the variable's name. */
const localConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).default(LOCAL_DATABASE_URL),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).default(LOCAL_REDIS_URL),
  BOOTSTRAP_USER_KEY: bootstrapKey,
  BOOTSTRAP_ADMIN_KEY: bootstrapKey,
  BOOTSTRAP_OPERATOR_KEY: bootstrapKey,
  // 1: every X-Ray segment the functions send, one line each in the log (docs/local-emulator.md).
  EMULATOR_TRACES: z
    .enum(['0', '1'])
    .default('0')
    .transform((value) => value === '1'),
  // Relative paths are from the working directory, as a shell user expects.
  LOCAL_STATE_DIR: z
    .string()
    .min(1)
    .default(DEFAULT_STATE_DIR)
    .transform((dir) => path.resolve(dir)),
});

export type LocalConfig = z.infer<typeof localConfigSchema>;

export function readLocalConfig(env: NodeJS.ProcessEnv): LocalConfig {
  const result = localConfigSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.')} ${i.message}`);
    throw new Error(`Invalid configuration: ${problems.join('; ')}`);
  }
  return result.data;
}
