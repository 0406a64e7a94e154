import { z } from 'zod';
import { LOCAL_DATABASE_URL, LOCAL_REDIS_URL } from '../lib/stage';

const bootstrapKey = z
  .string()
  .regex(/^[A-Za-z0-9_]{24,}$/, 'must be 24 or more characters of [A-Za-z0-9_]')
  .optional();

/** What `npm start` reads from its environment; a bad value stops it with the variable's name. */
const localConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).default(LOCAL_DATABASE_URL),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).default(LOCAL_REDIS_URL),
  BOOTSTRAP_USER_KEY: bootstrapKey,
  BOOTSTRAP_ADMIN_KEY: bootstrapKey,
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
