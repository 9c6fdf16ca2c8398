import type { IncomingMessage } from 'node:http';

/**
 * CORS as an API Gateway HTTP API does it from the API's CorsConfiguration
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-cors.html): it answers
 * preflight requests itself, whatever the routes; adds the configured headers to the answers
 * to an allowed origin; and ignores whatever CORS headers the integration returns. An origin
 * it does not allow gets no CORS header at all, so the browser refuses the call, as in AWS.
 */

/** An AWS::ApiGatewayV2::Api's CorsConfiguration. */
export interface ApiCors {
  AllowOrigins?: string[];
  AllowHeaders?: string[];
  AllowMethods?: string[];
  ExposeHeaders?: string[];
  MaxAge?: number;
  AllowCredentials?: boolean;
}

/** What Access-Control-Allow-Origin answers `origin` with, if the API allows it. */
function allowOriginFor(cors: ApiCors, origin: string | undefined): string | undefined {
  if (!origin) return undefined;
  const lower = origin.toLowerCase();
  const allows = (pattern: string) =>
    // 'https://*' and 'http://*' allow any origin of the scheme; anything else is one origin.
    pattern.endsWith('://*') ? lower.startsWith(pattern.slice(0, -1).toLowerCase()) : lower === pattern.toLowerCase();
  const origins = cors.AllowOrigins ?? [];
  if (origins.includes('*')) return '*';
  return origins.some(allows) ? origin : undefined;
}

const joined = (values: string[] | undefined) => (values?.length ? values.join(',') : undefined);

const defined = (headers: Record<string, string | undefined>) =>
  Object.fromEntries(Object.entries(headers).filter((e): e is [string, string] => e[1] !== undefined));

/** A preflight: OPTIONS with an Origin and the method the browser means to use. */
export const isPreflight = (req: IncomingMessage) => req.method === 'OPTIONS' && Boolean(req.headers.origin) && Boolean(req.headers['access-control-request-method']);

/** The headers of a preflight's answer. */
export function preflightHeaders(cors: ApiCors, origin: string | undefined): Record<string, string> {
  const allowOrigin = allowOriginFor(cors, origin);
  if (!allowOrigin) return {};
  return defined({
    ...responseHeaders(cors, origin),
    'access-control-allow-methods': joined(cors.AllowMethods),
    'access-control-allow-headers': joined(cors.AllowHeaders),
    'access-control-max-age': cors.MaxAge === undefined ? undefined : String(cors.MaxAge),
  });
}

/** The CORS headers of any other answer to `origin`. */
export function responseHeaders(cors: ApiCors, origin: string | undefined): Record<string, string> {
  const allowOrigin = allowOriginFor(cors, origin);
  if (!allowOrigin) return {};
  return defined({
    'access-control-allow-origin': allowOrigin,
    'access-control-allow-credentials': cors.AllowCredentials ? 'true' : undefined,
    'access-control-expose-headers': joined(cors.ExposeHeaders),
    // An answer that names the origin differs by origin: a cache must not hand it to another.
    vary: allowOrigin === '*' ? undefined : 'origin',
  });
}

/**
 * An integration's headers as the API passes them on: its own CORS headers replaced by the
 * API's, and Vary naming what either varies by (a credential varies by Accept, say).
 */
export function withApiCors(integration: Record<string, string>, cors: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  const vary: string[] = [];
  for (const [name, value] of Object.entries(integration)) {
    const lower = name.toLowerCase();
    if (lower === 'vary') vary.push(value);
    else if (!lower.startsWith('access-control-')) out[name] = value;
  }
  const { vary: corsVary, ...rest } = cors;
  if (corsVary) vary.push(corsVary);
  return { ...out, ...rest, ...(vary.length ? { vary: vary.join(', ') } : {}) };
}
