import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy, { type MiddlewareObj } from '@middy/core';
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import * as z from '../zod';
import { DomainError, PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '../errors';
import { logger, metrics, tracer } from '../observability';
import { principalOf, requireRole, type Principal, type Role } from './auth';
import type { OriginCheck } from './origin-check';
import { problemResponse, toProblem } from './problem';

type Event = APIGatewayProxyEventV2WithJWTAuthorizer;

export interface HttpResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Send `body` as is (already serialized) instead of as JSON. */
  raw?: boolean;
  /** `body` is base64 of binary content (API Gateway decodes it). */
  base64?: boolean;
  /** Set-Cookie values (API Gateway's payload 2.0 `cookies`). */
  cookies?: string[];
}

export interface RouteSpec<B extends z.core.$ZodType | undefined, P extends z.core.$ZodType | undefined, Q extends z.core.$ZodType | undefined = undefined> {
  /** Zod schema of the JSON body; absent means the route takes no body. */
  body?: B;
  /** Zod schema of the path parameters. */
  params?: P;
  query?: Q;
  /** Roles allowed on this route (admin always is); absent means a public route. */
  roles?: readonly Role[];
  /** Largest body accepted, in bytes (default 64 KiB). */
  maxBodyBytes?: number;
  /** The body is an HTML form's (application/x-www-form-urlencoded) instead of JSON: the claim page's forms post without script. */
  form?: boolean;
  /** The public API's: the request came through CloudFront (shared/http/origin-check.ts), checked before anything is read. */
  origin?: OriginCheck | undefined;
}

type Infer<T> = T extends z.core.$ZodType ? z.infer<T> : undefined;

export interface HttpRequest<B, P, Q = undefined> {
  body: B;
  params: P;
  query: Q;
  principal: Principal | undefined;
  headers: Record<string, string | undefined>;
  requestId: string;
  event: Event;
}

export { zodIssues } from './zod-issues';
import { zodIssues } from './zod-issues';

function parseRequest<B extends z.core.$ZodType | undefined, P extends z.core.$ZodType | undefined, Q extends z.core.$ZodType | undefined>(
  spec: RouteSpec<B, P, Q>,
  event: Event,
): { body: Infer<B>; params: Infer<P>; query: Infer<Q> } {
  let body: unknown;
  if (spec.body) {
    const raw = event.body ?? '';
    const text = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
    const limit = spec.maxBodyBytes ?? 64 * 1024;
    if (Buffer.byteLength(text, 'utf8') > limit) throw new PayloadTooLargeError(`The body is larger than ${limit} bytes.`);
    const contentType = (event.headers?.['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (spec.form) return { ...parseRest(spec, event), body: parseForm(spec.body, text, contentType) as Infer<B> };
    if (text && contentType && contentType !== 'application/json' && !contentType.endsWith('+json')) {
      throw new UnsupportedMediaTypeError(`Send the body as application/json, not ${contentType}.`);
    }
    if (!text.trim()) throw new ValidationError('The request needs a JSON body.', [{ path: 'body', message: 'required' }]);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw new ValidationError('The body is not valid JSON.', [{ path: 'body', message: (e as Error).message }]);
    }
    const parsed = z.safeParse(spec.body, json);
    if (!parsed.success) throw new ValidationError('The body has invalid fields.', zodIssues(parsed.error, 'body'));
    body = parsed.data;
  }
  return { ...parseRest(spec, event), body: body as Infer<B> };
}

/** An HTML form's fields (each name once: a repeated name is refused, not silently merged). */
function parseForm(schema: z.core.$ZodType, text: string, contentType: string): unknown {
  if (contentType !== 'application/x-www-form-urlencoded') throw new UnsupportedMediaTypeError(`Send the form as application/x-www-form-urlencoded, not ${contentType || 'no content type'}.`);
  const fields: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(text)) {
    if (name in fields) throw new ValidationError('The form names a field twice.', [{ path: `body.${name}`, message: 'sent more than once' }]);
    fields[name] = value;
  }
  const parsed = z.safeParse(schema, fields);
  if (!parsed.success) throw new ValidationError('The form has invalid fields.', zodIssues(parsed.error, 'body'));
  return parsed.data;
}

function parseRest<B extends z.core.$ZodType | undefined, P extends z.core.$ZodType | undefined, Q extends z.core.$ZodType | undefined>(
  spec: RouteSpec<B, P, Q>,
  event: Event,
): { params: Infer<P>; query: Infer<Q> } {
  let path: unknown;
  if (spec.params) {
    const parsed = z.safeParse(spec.params, event.pathParameters ?? {});
    if (!parsed.success) throw new ValidationError('The path has invalid parameters.', zodIssues(parsed.error, 'path'));
    path = parsed.data;
  }
  let query: unknown;
  if (spec.query) {
    const parsed = z.safeParse(spec.query, event.queryStringParameters ?? {});
    if (!parsed.success) throw new ValidationError('The query has invalid parameters.', zodIssues(parsed.error, 'query'));
    query = parsed.data;
  }
  return { params: path as Infer<P>, query: query as Infer<Q> };
}

/** Maps any error to problem+json; the only catch-all in the HTTP layer. */
const problemErrors = (): MiddlewareObj<Event, APIGatewayProxyStructuredResultV2, Error, Context> => ({
  onError: async (request) => {
    const requestId = request.event.requestContext?.requestId ?? request.context.awsRequestId;
    const error = request.error;
    if (error instanceof DomainError) logger.info('request refused', { status: error.status, detail: error.message });
    else logger.error('unexpected error', { requestId, error: error as Error });
    request.response = problemResponse(toProblem(error, requestId, request.event.rawPath));
  },
});

/** One structured line per request: route, status and (through appended keys) the acting user. */
const accessLog = (): MiddlewareObj<Event, APIGatewayProxyStructuredResultV2, Error, Context> => ({
  after: async (request) => {
    logger.info('request handled', { route: request.event.routeKey, status: request.response?.statusCode });
  },
});

/**
 * A thin primary adapter: validate with zod, check the role, call the use case, serialize.
 * Logging comes from middleware, errors from `problemErrors`.
 */
export function httpHandler<
  B extends z.core.$ZodType | undefined = undefined,
  P extends z.core.$ZodType | undefined = undefined,
  Q extends z.core.$ZodType | undefined = undefined,
>(spec: RouteSpec<B, P, Q>, handle: (request: HttpRequest<Infer<B>, Infer<P>, Infer<Q>>) => Promise<HttpResult>) {
  return middy<Event, APIGatewayProxyStructuredResultV2, Error, Context>()
    .use(captureLambdaHandler(tracer, { captureResponse: false }))
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics, { captureColdStartMetric: true }))
    .use(accessLog())
    .use(problemErrors())
    .handler(async (event) => {
      if (spec.origin) await spec.origin(event.headers);
      const principal = spec.roles ? principalOf(event) : undefined;
      if (principal) {
        logger.appendKeys({ actor: principal.name });
        requireRole(principal, spec.roles!);
      }
      const { body, params, query } = parseRequest(spec, event);
      const result = await handle({
        body,
        params,
        query,
        principal,
        headers: event.headers ?? {},
        requestId: event.requestContext?.requestId ?? '',
        event,
      });
      return {
        statusCode: result.status,
        headers: { 'content-type': 'application/json', ...result.headers },
        body: result.body === undefined ? '' : result.raw ? String(result.body) : JSON.stringify(result.body),
        ...(result.base64 ? { isBase64Encoded: true } : {}),
        ...(result.cookies?.length ? { cookies: result.cookies } : {}),
      };
    });
}
