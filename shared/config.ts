import * as z from './zod';

/**
 * Parses a function's environment at cold start. A missing or malformed variable throws here,
 * before the first request, naming every bad variable — there are no silent defaults for
 * required settings, locally or in AWS.
 */
export function loadConfig<S extends z.core.$ZodType>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const parsed = z.safeParse(schema, env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`).join('; ');
    throw new Error(`Invalid function configuration: ${problems}`);
  }
  return parsed.data;
}

/** Common variable shapes. */
export const env = {
  name: z.string().check(z.minLength(1)),
  url: z.url(),
  /** A base URL that always ends with '/', so relative paths can be appended. */
  baseUrl: z.pipe(z.url(), z.transform((u: string) => (u.endsWith('/') ? u : `${u}/`))),
  email: z.email(),
  flag: z.pipe(z.enum(['true', 'false']), z.transform((v: 'true' | 'false') => v === 'true')),
};
