import { createConfig, lintFromString } from '@redocly/openapi-core';
import { describe, expect, it } from 'vitest';
import { buildOpenApi } from '../../shared/api/openapi';
import { ADMIN_ROUTES } from '../../shared/api/routes';

/** Redocly's lint with its `recommended` rules, every warning treated as a failure. */
async function lint(doc: unknown) {
  const config = await createConfig({ extends: ['recommended'] });
  const problems = await lintFromString({ source: JSON.stringify(doc), absoluteRef: 'openapi.json', config });
  return problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer ?? ''}`);
}

describe('the OpenAPI document', () => {
  const doc = buildOpenApi({ serverUrl: 'https://admin.laurel.example', tokenUrl: 'https://auth.laurel.example/oauth2/token' });

  it('lints clean under the recommended rules', async () => {
    expect(await lint(doc)).toEqual([]);
  });

  it('would catch a broken document (the lint can fail)', async () => {
    const broken = structuredClone(doc) as any;
    delete broken.paths['/achievements'].post.operationId;
    broken.paths['/achievements'].post.responses = {};
    expect((await lint(broken)).length).toBeGreaterThan(0);
  });

  it('describes every registered route with its schemas', () => {
    for (const [name, route] of Object.entries(ADMIN_ROUTES)) {
      const op = (doc.paths[route.path] as Record<string, any> | undefined)?.[route.method.toLowerCase()];
      expect(op, `${route.method} ${route.path}`).toBeDefined();
      expect(op.operationId).toBe(name);
      if ('body' in route && route.body) expect(op.requestBody.content['application/json'].schema.type).toBe('object');
      if ('roles' in route && route.roles) expect(op.responses['403']).toBeDefined();
    }
    const create = doc.paths['/issuances']!.post as any;
    expect(create.requestBody.content['application/json'].schema.properties.recipient.properties.email.format).toBe('email');
    expect(create.parameters.map((p: { name: string }) => p.name)).toContain('idempotency-key');
    const list = doc.paths['/issuances']!.get as any;
    expect(list.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['status', 'achievementId', 'cohort', 'campus', 'programme', 'requestedBy', 'from', 'to', 'cursor']));
  });
});
