import { describe, expect, it } from 'vitest';
import { localCloud, uniqueId } from '../support/cloud';

const cloud = localCloud();

/** Every refusal is a 4xx problem+json that says what is wrong; never a 500. */
async function expectProblem(res: Response, status: number, detail?: RegExp) {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  if (status === 401 && res.headers.get('content-type')?.startsWith('application/json')) return JSON.parse(text); // API Gateway's own answer
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  const problem = JSON.parse(text);
  expect(problem).toMatchObject({ status, title: expect.any(String), detail: expect.any(String) });
  if (detail) expect(problem.detail).toMatch(detail);
  expect(text).not.toMatch(/at .*\.ts:\d+|node_modules|stack/i);
  return problem;
}

describe('bad input on the thin-slice routes', () => {
  const admin = cloud.outputs.AdminApiUrl;
  const post = async (path: string, body: string | undefined, roles: string[] = ['admin'], headers: Record<string, string> = {}) =>
    fetch(`${admin}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await cloud.token('bad.input', roles)}`, 'content-type': 'application/json', ...headers },
      ...(body !== undefined ? { body } : {}),
    });

  it('401 without a token, with a malformed token, and with an expired one', async () => {
    await expectProblem(await fetch(`${admin}/achievements`, { method: 'POST', body: '{}' }), 401);
    await expectProblem(await fetch(`${admin}/issuances/x`, { headers: { authorization: 'Bearer not-a-jwt' } }), 401);
    const expired = await cloud.token('old', ['admin'], -60);
    await expectProblem(await fetch(`${admin}/issuances/x`, { headers: { authorization: `Bearer ${expired}` } }), 401);
  });

  it('403 naming the missing role', async () => {
    const problem = await expectProblem(await post('/achievements', '{}', ['auditor']), 403);
    expect(problem.detail).toContain("'designer'");
  });

  it('400 for a body that is not JSON, is empty, or is JSON of the wrong shape', async () => {
    await expectProblem(await post('/achievements', '{"name": '), 400, /not valid JSON/);
    await expectProblem(await post('/issuances', undefined), 400, /needs a JSON body/);
    await expectProblem(await post('/issuances', '[]'), 400);
    await expectProblem(await post('/issuances', 'null'), 400);
  });

  it('400 with the field path for a wrong type, a bad email, a missing field and an unknown field', async () => {
    const wrongType = await expectProblem(await post('/achievements', JSON.stringify({ kind: 'course', name: 42, description: 'd', criteria: 'c' })), 400);
    expect(wrongType.errors).toContainEqual(expect.objectContaining({ path: 'body.name' }));
    const badEmail = await expectProblem(await post('/issuances', JSON.stringify({ achievementId: 'x', recipient: { email: 'not-an-email' } })), 400);
    expect(badEmail.errors).toContainEqual({ path: 'body.recipient.email', message: 'must be an email address' });
    const missing = await expectProblem(await post('/issuances', JSON.stringify({ recipient: { email: 'a@example.org' } })), 400);
    expect(missing.errors.map((e: { path: string }) => e.path)).toContain('body.achievementId');
    const unknown = await expectProblem(await post('/achievements', JSON.stringify({ kind: 'course', name: 'n', description: 'd', criteria: 'c', colour: 'red' })), 400);
    expect(JSON.stringify(unknown.errors)).toContain('colour');
    const badKind = await expectProblem(await post('/achievements', JSON.stringify({ kind: 'diploma-mill', name: 'n', description: 'd', criteria: 'c' })), 400);
    expect(badKind.errors[0].path).toBe('body.kind');
  });

  it('400 for an issuance of an achievement that does not exist', async () => {
    const p = await expectProblem(await post('/issuances', JSON.stringify({ achievementId: uniqueId('nope'), recipient: { email: 'a@example.org' } })), 400);
    expect(p.errors[0].path).toBe('body.achievementId');
  });

  it('409 for an achievement id that is taken', async () => {
    const body = JSON.stringify({ id: uniqueId('dup'), kind: 'course', name: 'n', description: 'd', criteria: 'c' });
    expect((await post('/achievements', body)).status).toBe(201);
    await expectProblem(await post('/achievements', body), 409, /already exists/);
  });

  it('413 for an oversized body and 415 for a body that is not JSON', async () => {
    const huge = JSON.stringify({ kind: 'course', name: 'n', description: 'x'.repeat(70_000), criteria: 'c' });
    await expectProblem(await post('/achievements', huge), 413);
    await expectProblem(await post('/achievements', 'name=x', ['admin'], { 'content-type': 'application/x-www-form-urlencoded' }), 415);
  });

  it('400 for a malformed path id, 404 for an unknown one, 409 approving what is not waiting', async () => {
    const headers = { authorization: `Bearer ${await cloud.token('bad.input', ['admin'])}` };
    await expectProblem(await fetch(`${admin}/issuances/${'x'.repeat(80)}`, { headers }), 400);
    await expectProblem(await fetch(`${admin}/issuances/${encodeURIComponent('../etc')}`, { headers }), 400);
    await expectProblem(await fetch(`${admin}/issuances/00000000-0000-4000-8000-000000000000`, { headers }), 404);
    await expectProblem(await post('/issuances/00000000-0000-4000-8000-000000000000/approve', '{}'), 404);
  });

  it('public routes: 404 problem for an unknown credential, issuer or key; 400 for a malformed id', async () => {
    const pub = cloud.outputs.PublicApiUrl;
    await expectProblem(await fetch(`${pub}/credentials/00000000-0000-4000-8000-000000000000`), 404);
    await expectProblem(await fetch(`${pub}/credentials/${encodeURIComponent('<script>')}`), 400);
    await expectProblem(await fetch(`${pub}/issuers/someone-else`), 404);
    await expectProblem(await fetch(`${pub}/issuers/main/keys/k-0000`), 404);
  });
});
