import { describe, expect, it } from 'vitest';
import { localCloud, uniqueId } from '../support/cloud';

const cloud = localCloud();

describe('Idempotency-Key on POST /issuances', () => {
  it('turns fifty concurrent identical requests into exactly one issuance and one credential', async () => {
    const staff = await cloud.as('ida.issuer', ['designer', 'issuer']);
    const achievementId = uniqueId('idem');
    await staff.request('POST', '/achievements', { id: achievementId, kind: 'badge', name: 'Once', description: 'd', criteria: 'c', approval: { mode: 'auto' } });
    const body = { achievementId, recipient: { email: `${uniqueId('once')}@example.org` } };
    const key = uniqueId('key');
    const responses = await Promise.all(Array.from({ length: 50 }, () => staff.request('POST', '/issuances', body, { 'idempotency-key': key })));
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(202));
    const ids = new Set(responses.map((r) => r.body.id));
    expect(ids.size).toBe(1);
    expect(responses.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(49);

    const [id] = [...ids];
    const done = await staff.waitForIssuance(id!, (i) => ['ISSUED', 'FAILED'].includes(i.status));
    expect(done.status).toBe('ISSUED');
    // One issuance and one credential for the achievement, however many requests came.
    expect((await staff.request('GET', `/issuances?achievementId=${achievementId}&limit=100`)).body.items).toHaveLength(1);
    expect((await staff.request('GET', `/credentials?achievementId=${achievementId}&limit=100`)).body.items).toHaveLength(1);
    expect((await cloud.mail()).filter((m) => m.destination.to.includes(body.recipient.email))).toHaveLength(1);
  });

  it('answers 409 for the same key with another body, and scopes keys to the caller', async () => {
    const staff = await cloud.as('ida.issuer', ['designer', 'issuer']);
    const achievementId = uniqueId('idem');
    await staff.request('POST', '/achievements', { id: achievementId, kind: 'badge', name: 'Once', description: 'd', criteria: 'c', approval: { mode: 'single' } });
    const key = uniqueId('key');
    const first = await staff.request('POST', '/issuances', { achievementId, recipient: { email: 'a@example.org' } }, { 'idempotency-key': key });
    expect(first.status).toBe(202);
    const other = await staff.request('POST', '/issuances', { achievementId, recipient: { email: 'b@example.org' } }, { 'idempotency-key': key });
    expect(other.status).toBe(409);
    expect(other.body.detail).toMatch(/different request body/);
    // Another caller using the same key string gets its own issuance.
    const colleague = await cloud.as('ian.issuer', ['issuer']);
    const theirs = await colleague.request('POST', '/issuances', { achievementId, recipient: { email: 'c@example.org' } }, { 'idempotency-key': key });
    expect(theirs.status).toBe(202);
    expect(theirs.body.id).not.toBe(first.body.id);
  });

  it('refuses a malformed key', async () => {
    const staff = await cloud.as('ida.issuer', ['issuer']);
    const res = await staff.request('POST', '/issuances', { achievementId: 'x', recipient: { email: 'a@example.org' } }, { 'idempotency-key': 'x'.repeat(200) });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('header.idempotency-key');
  });
});
