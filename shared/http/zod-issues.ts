import type * as z from '../zod';
import type { FieldIssue } from '../errors';

/** Zod issues as field paths and messages for a problem's `errors` member. */
export function zodIssues(error: z.core.$ZodError, prefix: string): FieldIssue[] {
  return error.issues.map((i) => ({
    path: [prefix, ...i.path.map(String)].filter(Boolean).join('.') || prefix,
    message: i.message,
  }));
}
