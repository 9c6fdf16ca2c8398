import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createLocalJWKSet, jwtVerify, type JWK } from 'jose';
import { isPreflight, preflightHeaders, responseHeaders, withApiCors, type ApiCors } from './http-api-cors';
import { readBody, sendJson } from './http-util';
import type { LambdaRuntime } from './lambda-runtime';

/**
 * An API Gateway HTTP API stand-in: matches the template's routes, checks bearer JWTs the way
 * the JWT authorizer does (signature, issuer, audience, expiry; 401 otherwise), invokes the
 * integration's function with a payload format 2.0 event, and does CORS as the API's
 * CorsConfiguration says (http-api-cors.ts).
 */
export interface LocalRoute {
  method: string;
  path: string;
  functionId: string;
  jwt?: { issuer: string; audience: string[] };
}

interface CompiledRoute extends LocalRoute {
  pattern: RegExp;
  params: string[];
  routeKey: string;
}

const compile = (r: LocalRoute): CompiledRoute => {
  if (r.path === '$default') return { ...r, pattern: /^/, params: [], routeKey: '$default' };
  const params: string[] = [];
  const source = r.path
    .split('/')
    .map((seg) => {
      const m = /^\{([^}+]+)(\+)?\}$/.exec(seg);
      if (!m) return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      params.push(m[1]!);
      return m[2] ? '(.+)' : '([^/]+)';
    })
    .join('/');
  return { ...r, pattern: new RegExp(`^${source}$`), params, routeKey: `${r.method} ${r.path}` };
};

const BINARY = /^(image\/|application\/(octet-stream|zip|pdf)|multipart\/)/;
const MAX_PAYLOAD = 10 * 1024 * 1024;

function flattenClaims(claims: Record<string, unknown>): Record<string, string> {
  // The HTTP API authorizer hands claims to the function as strings; arrays as "[a b]".
  return Object.fromEntries(
    Object.entries(claims).map(([k, v]) => [k, Array.isArray(v) ? `[${v.join(' ')}]` : typeof v === 'string' ? v : JSON.stringify(v)]),
  );
}

export function createApiGateway(options: {
  apiId: string;
  routes: LocalRoute[];
  runtime: LambdaRuntime;
  jwks: { keys: JWK[] };
  /** The API's CorsConfiguration; none: the API does no CORS (the integration's headers pass as they are). */
  cors?: ApiCors | undefined;
}): Server {
  // As API Gateway does: the most specific route wins; a greedy {proxy+} only when nothing else matches.
  const specificity = (r: CompiledRoute) => {
    const segments = r.path.split('/').filter(Boolean);
    if (r.path === '$default') return [-1, 0, 0];
    return [r.path.includes('+}') ? 0 : 1, segments.length, segments.filter((seg) => !seg.startsWith('{')).length];
  };
  const routes = options.routes.map(compile).sort((a, b) => {
    const [x, y] = [specificity(a), specificity(b)];
    return y[0]! - x[0]! || y[1]! - x[1]! || y[2]! - x[2]!;
  });
  const keySet = createLocalJWKSet(options.jwks);

  const authorize = async (req: IncomingMessage, route: CompiledRoute) => {
    if (!route.jwt) return undefined;
    const header = String(req.headers.authorization ?? '');
    const token = header.replace(/^Bearer\s+/i, '');
    if (!token || token === header) return null;
    try {
      const { payload } = await jwtVerify(token, keySet, { issuer: route.jwt.issuer });
      // As the HTTP API JWT authorizer: `aud` must be an audience entry; an access token
      // without `aud` (client credentials) is matched by its `client_id` instead.
      const audiences = [payload.aud ?? []].flat();
      const ok = audiences.length ? audiences.some((a) => route.jwt!.audience.includes(a)) : route.jwt.audience.includes(String(payload.client_id ?? ''));
      return ok ? (payload as Record<string, unknown>) : null;
    } catch {
      return null;
    }
  };

  const server = createServer(async (req, res) => {
    const requestId = randomUUID();
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const method = (req.method ?? 'GET').toUpperCase();
      const origin = req.headers.origin;
      if (options.cors && isPreflight(req)) {
        res.writeHead(204, preflightHeaders(options.cors, origin));
        res.end();
        return;
      }
      // On every answer, the gateway's own (401, 404, …) too; an integration's are merged below.
      const cors = options.cors ? responseHeaders(options.cors, origin) : {};
      for (const [name, value] of Object.entries(cors)) res.setHeader(name, value);
      const match = routes
        .map((r) => ({ r, m: r.method === method || r.method === 'ANY' ? r.pattern.exec(url.pathname) : null }))
        .find((x) => x.m);
      if (!match) return sendJson(res, 404, { message: 'Not Found' });
      const { r: route, m } = match;
      const claims = await authorize(req, route);
      if (claims === null) return sendJson(res, 401, { message: 'Unauthorized' });

      let body: Buffer;
      try {
        body = await readBody(req, MAX_PAYLOAD);
      } catch {
        return sendJson(res, 413, { message: 'Request Entity Too Large' });
      }
      const contentType = String(req.headers['content-type'] ?? '');
      const isBase64Encoded = body.length > 0 && BINARY.test(contentType);
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(',') : v;
      const pathParameters = Object.fromEntries(route.params.map((p, i) => [p, decodeURIComponent(m![i + 1]!)]));
      const query: Record<string, string> = {};
      for (const [k, v] of url.searchParams) query[k] = query[k] ? `${query[k]},${v}` : v;
      const now = new Date();
      const event = {
        version: '2.0',
        routeKey: route.routeKey,
        rawPath: url.pathname,
        rawQueryString: url.search.slice(1),
        headers,
        ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
        ...(route.params.length ? { pathParameters } : {}),
        requestContext: {
          accountId: '000000000000',
          apiId: options.apiId,
          ...(claims ? { authorizer: { jwt: { claims: flattenClaims(claims), scopes: null } } } : {}),
          domainName: headers.host ?? 'localhost',
          domainPrefix: options.apiId,
          http: { method, path: url.pathname, protocol: 'HTTP/1.1', sourceIp: req.socket.remoteAddress ?? '127.0.0.1', userAgent: headers['user-agent'] ?? '' },
          requestId,
          routeKey: route.routeKey,
          stage: '$default',
          time: now.toUTCString(),
          timeEpoch: now.getTime(),
        },
        ...(body.length ? { body: isBase64Encoded ? body.toString('base64') : body.toString('utf8') } : {}),
        isBase64Encoded,
      };
      let result: any;
      try {
        result = await options.runtime.invoke(route.functionId, event);
      } catch {
        // An unhandled function error is a bare 500 at API Gateway; the logs have the rest.
        return sendJson(res, 500, { message: 'Internal Server Error' });
      }
      const structured = result && typeof result === 'object' && 'statusCode' in result;
      const status = structured ? Number(result.statusCode) : 200;
      const integrationHeaders: Record<string, string> = { 'apigw-requestid': requestId, ...(structured ? result.headers : { 'content-type': 'application/json' }) };
      const outHeaders = options.cors ? withApiCors(integrationHeaders, cors) : integrationHeaders;
      const payload = structured ? (result.body ?? '') : JSON.stringify(result);
      const bytes = structured && result.isBase64Encoded ? Buffer.from(payload, 'base64') : Buffer.from(String(payload));
      res.writeHead(status, { ...outHeaders, 'content-length': bytes.length, ...(structured && result.cookies?.length ? { 'set-cookie': result.cookies } : {}) });
      res.end(method === 'HEAD' ? undefined : bytes);
    } catch (e) {
      sendJson(res, 500, { message: 'Internal Server Error' });
      console.error(`[api ${options.apiId}] ${requestId}`, e);
    }
  });
  // Idle keep-alive connections stay open as long as API Gateway's do (not Node's 5 s): a client
  // that pauses a few seconds between requests (a test reading a PDF back) would otherwise send
  // its next request on a socket the server is closing, and see "other side closed".
  server.keepAliveTimeout = 60_000;
  server.headersTimeout = 65_000;
  return server;
}
