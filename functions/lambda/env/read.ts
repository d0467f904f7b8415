import type { z } from 'zod';

/** A function started without what its configuration requires; thrown at init, so the function never runs half-configured. */
export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
}

/**
 * The environment variables one function reads, checked at init against that function's own
 * schema: a missing or invalid variable names the function and the variable (never its value).
 */
export function readEnv<S extends z.ZodType>(fn: string, schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join('.')} (${i.message})`).join(', ');
  throw new ConfigurationError(`${fn}: environment variable ${problems}`);
}
