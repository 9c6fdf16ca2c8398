import * as z from 'zod';

/**
 * Parses a function's environment at cold start. A missing or malformed variable throws here,
 * before the first request, naming every bad variable — there are no silent defaults for
 * required settings, locally or in AWS.
 */
export function loadConfig<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`).join('; ');
    throw new Error(`Invalid function configuration: ${problems}`);
  }
  return parsed.data;
}

/** Common variable shapes. */
export const env = {
  name: z.string().min(1),
  url: z.string().url(),
  /** A base URL that always ends with '/', so relative paths can be appended. */
  baseUrl: z
    .string()
    .url()
    .transform((u) => (u.endsWith('/') ? u : `${u}/`)),
  email: z.string().email(),
  flag: z.enum(['true', 'false']).transform((v) => v === 'true'),
};
