import createClient, { type Middleware } from 'openapi-fetch';
import type { Session } from './auth';
import type { ConsoleConfig } from './config';
import type { components, paths } from './api/schema';

/**
 * The admin API, typed from its own OpenAPI document (./api/schema.d.ts, generated): every path,
 * parameter, body and response here is checked against what the handlers validate. The console
 * is one more client of the same routes and roles; it has no other way in.
 */
export type Api = ReturnType<typeof createClient<paths>>;
export type Schemas = components['schemas'];
export type Problem = Schemas['Problem'];

/** An admin API answer other than 2xx, as RFC 9457 problem details. */
export class ApiProblem extends Error {
  readonly status: number;
  readonly title: string;
  readonly errors: { path: string; message: string }[];
  readonly requestId: string | undefined;
  constructor(status: number, problem: Partial<Problem> | undefined) {
    super(problem?.detail ?? problem?.title ?? defaultDetail(status));
    this.status = status;
    this.title = problem?.title ?? defaultTitle(status);
    this.errors = problem?.errors ?? [];
    this.requestId = problem?.requestId;
  }
}

const defaultTitle = (status: number) =>
  status === 401 ? 'Signed out' : status === 403 ? 'Not allowed' : status === 429 ? 'Too many requests' : status >= 500 ? 'Something went wrong' : 'Request refused';
const defaultDetail = (status: number) =>
  status === 401
    ? 'Your session has ended. Sign in again to go on.'
    : status === 403
      ? 'Your roles do not allow this.'
      : status === 429
        ? 'The admin API is busy. Wait a moment and try again.'
        : `The admin API answered ${status}.`;

export function createApi(config: ConsoleConfig, session: () => Session | undefined, onSignedOut: () => void): Api {
  const api = createClient<paths>({ baseUrl: config.apiUrl });
  const auth: Middleware = {
    onRequest({ request }) {
      const s = session();
      if (s) request.headers.set('authorization', `Bearer ${s.accessToken}`);
      return request;
    },
    onResponse({ response }) {
      if (response.status === 401) onSignedOut();
      return response;
    },
  };
  api.use(auth);
  return api;
}

/** The data of a 2xx answer; anything else throws an ApiProblem. */
export async function ok<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await call;
  } catch {
    throw new ApiProblem(0, { title: 'No connection', detail: 'The admin API could not be reached. Check your connection and try again.' });
  }
  if (!result.response.ok) throw new ApiProblem(result.response.status, typeof result.error === 'object' ? (result.error as Partial<Problem>) : undefined);
  return result.data as T;
}

/** A fresh key per form fill: resubmitting the same fill (a double click, a retry after a timeout) is the same request. */
export const newIdempotencyKey = () => crypto.randomUUID();

type JsonOf<R> = R extends { content: { 'application/json': infer T } } ? T : never;
type Success<Op> = Op extends { responses: infer R } ? (R extends { 200: infer A } ? JsonOf<A> : R extends { 201: infer A } ? JsonOf<A> : R extends { 202: infer A } ? JsonOf<A> : never) : never;
/** The JSON a route answers with on success, from the generated types: `Answer<'/batches/{id}', 'get'>`. */
export type Answer<P extends keyof paths, M extends keyof paths[P]> = Success<paths[P][M]>;
/** The JSON body a route takes. */
export type Body<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;

/**
 * A file the API answers with (a zip, a CSV), asked for with `parseAs: 'blob'` or `'text'`:
 * openapi-fetch has read the body into `data` by then. Anything but 2xx throws an ApiProblem.
 */
export async function fileFrom<T extends Blob | string>(call: Promise<{ data?: unknown; error?: unknown; response: Response }>): Promise<T> {
  return (await ok(call)) as T;
}
