import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ADMIN_ROUTES, type RouteDef } from '../../shared/api/routes';
import { localCloud } from '../support/cloud';

const cloud = localCloud();

/** Every admin route that takes input, from the registry, with its body's fields (so the generator can break them one by one). */
const fieldsOf = (schema: z.core.$ZodType | undefined) => (schema ? Object.keys((z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as { properties?: object }).properties ?? {}) : undefined);
const ROUTES = Object.values(ADMIN_ROUTES as Record<string, RouteDef>)
  .filter((r) => r.roles)
  .map((r) => ({ method: r.method, path: r.path.replace(/\{\w+\}/g, '{id}'), fields: fieldsOf(r.body) }));
const QUERY_KEYS = [...new Set(Object.values(ADMIN_ROUTES as Record<string, RouteDef>).flatMap((r) => fieldsOf(r.query) ?? []))];

const weirdString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom('', ' ', '..', '../../etc/passwd', '%00', '<script>', 'null', '{}', 'x'.repeat(5000), '\u0000', 'issuer', '00000000-0000-4000-8000-000000000000'),
);
const anyJson = fc.jsonValue({ maxDepth: 3 });
const wrongValue = fc.oneof(anyJson, weirdString, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(anyJson, { maxLength: 3 }));

/** A malformed body for a route: garbage, wrong JSON shapes, or its own fields with wrong values and extras. */
const body = (fields: string[] = []) =>
  fc.oneof(
    weirdString.map((s) => ({ raw: s })),
    anyJson.map((v) => ({ raw: JSON.stringify(v) })),
    fc
      .record({
        picked: fc.subarray(fields, { minLength: 0 }),
        values: fc.array(wrongValue, { minLength: fields.length, maxLength: fields.length }),
        extra: fc.option(fc.tuple(fc.string({ minLength: 1, maxLength: 12 }), wrongValue)),
      })
      .map(({ picked, values, extra }) => {
        const obj: Record<string, unknown> = Object.fromEntries(picked.map((f, i) => [f, values[i]]));
        if (extra) obj[`x${extra[0]}`] = extra[1];
        return { raw: JSON.stringify(obj) };
      }),
  );

const request = fc.constantFrom(...ROUTES).chain((route) =>
  fc.record({
    route: fc.constant(route),
    ids: fc.array(weirdString.map((s) => encodeURIComponent(s).slice(0, 200) || 'x'), { minLength: 2, maxLength: 2 }),
    query: fc.option(fc.dictionary(fc.constantFrom(...QUERY_KEYS, 'bogus'), weirdString, { maxKeys: 3 })),
    body: body(route.fields),
    contentType: fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'application/problem+json', undefined),
    // Half the runs as admin, so most requests get past the role check into validation.
    roles: fc.oneof(fc.constant<string[]>(['admin']), fc.subarray(['admin', 'designer', 'issuer', 'approver', 'registrar', 'auditor', 'assessor'])),
    badToken: fc.boolean().map((b) => b && Math.random() < 0.1),
  }),
);

describe('a thousand malformed requests across every admin route', () => {
  it('answers each with a 4xx problem+json and never a 5xx', async () => {
    const tokens = new Map<string, string>();
    const tokenFor = async (roles: string[]) => {
      const key = roles.join(',');
      if (!tokens.has(key)) tokens.set(key, await cloud.token('fuzz.user', roles));
      return tokens.get(key)!;
    };
    const seen = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        let ids = 0;
        const path = r.route.path.replace(/\{id\}/g, () => r.ids[ids++ % 2]!);
        // A route with neither path ids nor a body is malformed only through its query: add an unknown parameter.
        const query = { ...(r.query ?? {}), ...(!r.route.path.includes('{id}') && !r.route.fields ? { bogus: '1' } : {}) };
        const qs = Object.keys(query).length ? `?${new URLSearchParams(query as Record<string, string>)}` : '';
        const res = await fetch(`${cloud.outputs.AdminApiUrl}${path}${qs}`, {
          method: r.route.method,
          headers: {
            authorization: `Bearer ${r.badToken ? 'eyJhbGciOiJub25lIn0.e30.' : await tokenFor(r.roles)}`,
            ...(r.contentType ? { 'content-type': r.contentType } : {}),
          },
          ...(r.route.method !== 'GET' ? { body: r.body.raw } : {}),
        });
        const text = await res.text();
        seen.set(res.status, (seen.get(res.status) ?? 0) + 1);
        expect(res.status, `${r.route.method} ${path}${qs} ${r.body.raw.slice(0, 200)} → ${text.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
        expect(res.status, `${r.route.method} ${path} → ${text.slice(0, 300)}`).toBeLessThan(500);
        // API Gateway's own 401 is {"message":"Unauthorized"}; everything Laurel answers is problem+json.
        if (res.status !== 401) expect(res.headers.get('content-type'), text.slice(0, 200)).toBe('application/problem+json');
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 1000), seed: Number(process.env.FUZZ_SEED ?? 2026) },
    );
    console.log(`status codes: ${JSON.stringify(Object.fromEntries([...seen].sort()))}`);
  }, 300_000);
});

describe('malformed requests to the public API', () => {
  it('answers each with a 4xx problem+json and never a 5xx', async () => {
    const paths = ['/credentials/{id}', '/issuers/{id}', '/issuers/{id}/keys/{id}', '/status/{id}/{id}/{id}', '/{id}'];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...paths),
        fc.array(weirdString.map((s) => encodeURIComponent(s).slice(0, 200) || 'x'), { minLength: 3, maxLength: 3 }),
        fc.constantFrom('GET', 'POST', 'DELETE'),
        fc.constantFrom('application/json', 'application/vc+jwt', 'text/html', '*/*'),
        async (template, ids, method, accept) => {
          let i = 0;
          const path = template.replace(/\{id\}/g, () => ids[i++]!);
          const res = await fetch(`${cloud.outputs.PublicApiUrl}${path}`, { method, headers: { accept } });
          const text = await res.text();
          expect(res.status, `${method} ${path} → ${text.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
          expect(res.status, `${method} ${path} → ${text.slice(0, 200)}`).toBeLessThan(500);
          // A person asking for a credential page that does not exist gets a 404 page; everything else problem+json.
          const page = accept === 'text/html' && method === 'GET' && res.status === 404 && /^\/credentials\/[^/]+$/.test(path);
          expect(res.headers.get('content-type'), text.slice(0, 200)).toBe(page ? 'text/html; charset=utf-8' : 'application/problem+json');
        },
      ),
      { numRuns: 300, seed: 2026 },
    );
  }, 120_000);
});

describe('malformed bodies to POST /verify', () => {
  it('answers each with a verification result or a 4xx problem+json, never a 5xx', async () => {
    const credentialish = fc.record(
      {
        '@context': fc.oneof(fc.constant(['https://www.w3.org/ns/credentials/v2']), fc.array(weirdString, { maxLength: 2 }), weirdString),
        type: fc.oneof(fc.constant(['VerifiableCredential', 'OpenBadgeCredential']), weirdString),
        issuer: fc.oneof(weirdString, fc.record({ id: weirdString })),
        proof: fc.oneof(fc.constant({ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', verificationMethod: 'did:key:z6Mk', proofPurpose: 'assertionMethod', created: 'x', proofValue: 'z1' }), fc.anything()),
        credentialStatus: fc.anything(),
      },
      { requiredKeys: [] },
    );
    const body = fc.oneof(
      credentialish.map((c) => JSON.stringify(c)),
      fc.json(),
      weirdString,
      fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
      fc.tuple(fc.base64String(), fc.base64String(), fc.base64String()).map((p) => p.join('.').replace(/=/g, '')),
    );
    const type = fc.constantFrom('application/json', 'application/ld+json', 'application/vc+jwt', 'image/png', 'image/svg+xml', 'multipart/form-data; boundary=x', 'application/octet-stream', 'text/plain', 'application/xml', '');
    const seen = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(body, type, async (b, t) => {
        const res = await fetch(`${cloud.outputs.PublicApiUrl}/verify`, { method: 'POST', body: b, headers: t ? { 'content-type': t } : {} });
        const text = await res.text();
        seen.set(res.status, (seen.get(res.status) ?? 0) + 1);
        expect(res.status === 200 || (res.status >= 400 && res.status < 500), `${t} → ${res.status} ${text.slice(0, 200)}`).toBe(true);
        if (res.status === 200) expect(JSON.parse(text).status, text.slice(0, 200)).toMatch(/^(valid|invalid|revoked|suspended|expired)$/);
        else expect(res.headers.get('content-type'), text.slice(0, 200)).toBe('application/problem+json');
      }),
      { numRuns: 300, seed: 2026 },
    );
    console.log(`POST /verify status codes: ${JSON.stringify(Object.fromEntries([...seen].sort()))}`);
  }, 180_000);
});

