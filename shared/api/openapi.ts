import * as z from '../zod';
import { ADMIN_ROUTES, type RouteDef } from './routes';

/**
 * The admin API's OpenAPI 3.1 document, generated from the route registry: the same zod
 * schemas the handlers validate with, so the document cannot drift from the code.
 */
export const API_VERSION = '1.0.0';

const TAGS: Record<string, string> = {
  Achievements: 'What learners earn: definitions, versions, evidence rules, approval policy, images',
  Pathways: 'Rules that award an achievement by themselves once a learner holds its constituents, and progress along them',
  Issuers: 'Who awards: Profiles and their signing keys',
  Issuances: 'Requests to award an achievement to a learner, and the workflow each runs',
  Approvals: 'Decisions by named people, step by step',
  Credentials: 'Signed credentials: status, delivery, search by learner',
  Audit: 'Hash-chained trails and evidence packs',
  Learners: "A learner's personal data: its erasure",
  Reports: 'Counts, approval turnaround and delivery outcomes, as JSON or CSV',
  Webhooks: 'Events out: subscriptions that receive the domain events, signed; their deliveries, dead letters and replays',
  Meta: 'The API describing itself',
};

/** JSON Schema 2020-12 (OpenAPI 3.1's dialect) of a zod schema, without its `$schema` line. */
function jsonSchema(schema: z.core.$ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
  return rest;
}

/** Each member of an object schema as an OpenAPI parameter. */
function parameters(schema: z.core.$ZodType | undefined, where: 'path' | 'query') {
  if (!schema) return [];
  const json = jsonSchema(schema, 'input') as { properties?: Record<string, Record<string, unknown>>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, s]) => {
    const { description, ...rest } = s;
    return {
      name,
      in: where,
      required: where === 'path' || (json.required ?? []).includes(name),
      ...(description ? { description } : {}),
      schema: rest,
    };
  });
}

const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } });

function operation(name: string, r: RouteDef) {
  const mutating = r.method !== 'GET';
  const responses: Record<string, unknown> = {
    [String(r.response.status)]: {
      description: r.response.description,
      ...(r.response.schema || r.response.mediaTypes
        ? {
            content: Object.fromEntries(
              (r.response.mediaTypes ?? ['application/json']).map((t) => [
                t,
                t === 'application/json' && r.response.schema ? { schema: jsonSchema(r.response.schema, 'output') } : t === 'text/csv' ? { schema: { type: 'string' } } : { schema: { type: 'string', format: 'binary' } },
              ]),
            ),
          }
        : {}),
    },
  };
  if (r.body || r.params || r.query || r.headers) responses['400'] = problem('invalid input: `errors` names each field and problem');
  if (r.roles) {
    responses['401'] = { description: 'no token, or not a valid one (answered by API Gateway)' };
    responses['403'] = problem(`the token lacks the role (${[...r.roles, 'admin'].join(', ')})`);
  }
  if (r.params) responses['404'] = problem('no such resource');
  if (mutating && r.roles) responses['409'] = problem('the resource is not in a state that allows this, or changed a moment ago');
  if (r.headers?.['if-match']) responses['412'] = problem('If-Match no longer matches: someone else changed it first');
  if (r.body) {
    responses['413'] = problem('the body is too large');
    responses['415'] = problem('the body is not JSON');
  }
  responses['429'] = { description: 'throttled by API Gateway; retry with backoff' };
  responses['500'] = problem('an unexpected error; the problem carries the request id, nothing else');
  return {
    operationId: name,
    tags: [r.tag],
    summary: r.summary.length > 120 ? `${r.summary.slice(0, r.summary.lastIndexOf(' ', 117))}…` : r.summary,
    description: [r.summary, r.description, r.roles ? `**Roles:** ${[...r.roles, 'admin'].join(', ')}.` : '**No token needed.**'].filter(Boolean).join('\n\n'),
    security: r.roles ? [{ bearer: [] }, { machine: r.roles.map((role) => `laurel/${role}`) }] : [],
    parameters: [
      ...parameters(r.params, 'path'),
      ...parameters(r.query, 'query'),
      ...Object.entries(r.headers ?? {}).map(([name, h]) => ({ name, in: 'header', required: false, description: h.description, schema: jsonSchema(h.schema, 'input') })),
    ],
    ...(r.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(r.body, 'input') } } } } : {}),
    responses,
  };
}

export function buildOpenApi(options: { serverUrl: string; tokenUrl?: string }) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [name, route] of Object.entries(ADMIN_ROUTES) as [string, RouteDef][]) {
    (paths[route.path] ??= {})[route.method.toLowerCase()] = operation(name, route);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Laurel admin API',
      version: API_VERSION,
      summary: 'Define achievements, issue Open Badges 3.0 credentials, approve, revoke, audit and report.',
      description:
        'Every error is RFC 9457 `application/problem+json`. Lists page with an opaque `cursor`. Staff sign in with the Cognito user pool (roles are groups); machine clients use the client-credentials flow with a `laurel/<role>` scope.',
      license: { name: 'Apache 2.0', identifier: 'Apache-2.0' },
      contact: { name: 'Laurel', url: 'https://github.com/laurel-credentials/laurel' },
    },
    servers: [{ url: options.serverUrl }],
    tags: Object.entries(TAGS).map(([name, description]) => ({ name, description })),
    paths,
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A Cognito ID or access token; roles come from `cognito:groups`.' },
        machine: {
          type: 'oauth2',
          description: 'Client credentials for systems (SIS, LMS); each scope grants the role it names.',
          flows: {
            clientCredentials: {
              tokenUrl: options.tokenUrl ?? 'https://example.invalid/oauth2/token',
              scopes: Object.fromEntries(['admin', 'designer', 'issuer', 'approver', 'registrar', 'auditor'].map((r) => [`laurel/${r}`, `act with the role ${r}`])),
            },
          },
        },
      },
      schemas: {
        Problem: {
          type: 'object',
          description: 'RFC 9457 problem details',
          required: ['type', 'title', 'status'],
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            instance: { type: 'string' },
            requestId: { type: 'string' },
            errors: { type: 'array', items: { type: 'object', required: ['path', 'message'], properties: { path: { type: 'string' }, message: { type: 'string' } } } },
          },
        },
      },
    },
  };
}
