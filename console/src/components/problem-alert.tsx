import { ApiProblem } from '../api';

/** What went wrong, in words: the API's problem details, field by field; a 403 says which role is missing. */
export function ProblemAlert({ error }: { error: unknown }) {
  if (!error) return null;
  const problem = error instanceof ApiProblem ? error : undefined;
  const title = problem ? problem.title : 'Something went wrong';
  const detail = problem ? problem.message : error instanceof Error ? error.message : String(error);
  return (
    <div class="alert error" role="alert">
      <strong>{title}</strong>
      <p>{detail}</p>
      {problem && problem.errors.length > 0 && (
        <ul>
          {problem.errors.map((e) => (
            <li key={e.path}>
              <code>{e.path || 'request'}</code>: {e.message}
            </li>
          ))}
        </ul>
      )}
      {problem?.requestId && <p class="muted">Request id {problem.requestId}</p>}
    </div>
  );
}

/** The message for one field of the body from an API problem (`recipient.email` finds the API's `body.recipient.email`). */
export function fieldError(error: unknown, path: string): string | undefined {
  if (!(error instanceof ApiProblem)) return undefined;
  return error.errors.find((e) => e.path === `body.${path}` || e.path === path)?.message;
}

/**
 * The first message for a field or anything inside it (`reminders` finds `body.reminders.daysBefore.2`):
 * for a field the form edits as one control, such as a list typed as text.
 */
export function fieldErrorUnder(error: unknown, path: string): string | undefined {
  if (!(error instanceof ApiProblem)) return undefined;
  const under = (p: string) => p === path || p.startsWith(`${path}.`);
  return error.errors.find((e) => under(e.path.replace(/^body\./, '')))?.message;
}
