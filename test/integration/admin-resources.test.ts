import { describe, expect, it } from 'vitest';
import { localCloud, uniqueId } from '../support/cloud';

const cloud = localCloud();
const ended = (i: { status: string }) => ['ISSUED', 'FAILED', 'REJECTED', 'EXPIRED', 'CANCELLED'].includes(i.status);
const waiting = (i: { status: string }) => i.status === 'AWAITING_APPROVAL';

const definition = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  kind: 'assessment',
  name: `Assessment ${id}`,
  description: 'Passed the assessment.',
  criteria: 'Score 50 or more.',
  tags: ['assessment'],
  resultDescriptions: [{ key: 'score', name: 'Score', resultType: 'Percent' }],
  rules: [{ kind: 'minimumScore', resultKey: 'score', minimum: 50 }],
  approval: { mode: 'single' },
  ...extra,
});

describe('achievements', () => {
  it('are versioned on change (If-Match guarded), listed with filters, archived and restored', async () => {
    const designer = await cloud.as('dee.designer', ['designer']);
    const id = uniqueId('ach');
    expect((await designer.request('POST', '/achievements', definition(id))).status).toBe(201);

    const v1 = await designer.request('GET', `/achievements/${id}`);
    expect(v1.headers.get('etag')).toBe('"v1"');
    expect(v1.body).toMatchObject({ version: 1, lifecycle: 'active' });

    // A change is a new version; version 1 stays readable as issued credentials refer to it
    const v2 = await designer.request('PATCH', `/achievements/${id}`, { criteria: 'Score 60 or more.', changeNote: 'raised the bar' }, { 'if-match': '"v1"' });
    expect(v2.status).toBe(200);
    expect(v2.body).toMatchObject({ version: 2, criteria: 'Score 60 or more.', changeNote: 'raised the bar', name: `Assessment ${id}`, createdBy: 'dee.designer' });
    expect((await designer.request('GET', `/achievements/${id}?version=1`)).body.criteria).toBe('Score 50 or more.');
    // A stale If-Match is refused, not silently overwritten
    const stale = await designer.request('PATCH', `/achievements/${id}`, { name: 'Lost update' }, { 'if-match': '"v1"' });
    expect(stale.status).toBe(412);
    // The merged definition is validated as a whole
    const invalid = await designer.request('PATCH', `/achievements/${id}`, { approval: { mode: 'chain', roles: ['assessor'] } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors[0].path).toMatch(/^body\.approval/);
    expect((await designer.request('PATCH', `/achievements/${id}`, {})).status).toBe(400); // nothing to change

    // The history: each version with who, when, why and what it changed; any two compared
    const v3 = await designer.request('PATCH', `/achievements/${id}`, { rules: [{ kind: 'minimumScore', resultKey: 'score', minimum: 60 }], changeNote: 'the rule follows' }, { 'if-match': '"v2"' });
    expect(v3.status).toBe(200);
    const history = await designer.request('GET', `/achievements/${id}/versions?limit=2`);
    expect(history.status).toBe(200);
    expect(history.body.items).toEqual([
      expect.objectContaining({ version: 3, createdBy: 'dee.designer', changeNote: 'the rule follows', changes: [{ field: 'rules', before: [{ kind: 'minimumScore', resultKey: 'score', minimum: 50 }], after: [{ kind: 'minimumScore', resultKey: 'score', minimum: 60 }] }] }),
      expect.objectContaining({ version: 2, changeNote: 'raised the bar', changes: [{ field: 'criteria', before: 'Score 50 or more.', after: 'Score 60 or more.' }] }),
    ]);
    const older = await designer.request('GET', `/achievements/${id}/versions?limit=2&cursor=${history.body.cursor}`);
    expect(older.body.items).toEqual([expect.objectContaining({ version: 1, changes: [] })]);
    expect(older.body.cursor).toBeUndefined();
    const compared = await designer.request('GET', `/achievements/${id}/changes?from=1&to=3`);
    expect(compared.body.changes.map((c: { field: string }) => c.field)).toEqual(['criteria', 'rules']);
    expect((await designer.request('GET', `/achievements/${id}/changes?from=1&to=9`)).status).toBe(404);
    expect((await designer.request('GET', `/achievements/${id}/changes?from=2&to=2`)).status).toBe(400);
    expect((await designer.request('GET', `/achievements/no-such-achievement/versions`)).status).toBe(404);

    // A preview: the credential a definition would issue, built by the issuing core, nothing stored
    const previewId = uniqueId('preview');
    const preview = await designer.request('POST', '/achievements/preview', definition(previewId, { validityDays: 365, design: { shape: 'shield', title: 'Stats', icon: 'code' } }));
    expect(preview.status).toBe(200);
    const credential = preview.body.credential;
    expect(credential.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    expect(credential.proof).toBeUndefined();
    expect(credential.credentialSubject.achievement).toMatchObject({ name: `Assessment ${previewId}`, criteria: { narrative: 'Score 50 or more.' }, image: { id: expect.stringMatching(/^data:image\/svg\+xml;base64,/) } });
    expect(credential.credentialSubject.result).toEqual([expect.objectContaining({ value: '…' })]);
    expect(Date.parse(credential.validUntil) - Date.parse(credential.validFrom)).toBe(365 * 86_400_000);
    expect(JSON.stringify(credential)).not.toContain(preview.body.learner.email);
    // …and its public page, as the page function renders it: the name, the sample learner, never an email.
    expect(preview.body.page).toContain(`<h1>Assessment ${previewId}</h1>`);
    expect(preview.body.page).toContain('Sample Learner');
    expect(preview.body.page).not.toContain(preview.body.learner.email);
    expect((await designer.request('GET', `/achievements/${previewId}`)).status).toBe(404);
    expect((await designer.request('POST', '/achievements/preview', { ...definition(previewId), kind: 'nope' })).status).toBe(400);

    // Issuances record the version they were issued under
    const issuer = await cloud.as('ike.issuer', ['issuer']);
    const req = await issuer.request('POST', '/issuances', { achievementId: id, recipient: { email: `${uniqueId('l')}@example.edu` }, results: [{ resultKey: 'score', value: '71' }] });
    expect(req.body.achievementVersion).toBe(3);

    // Listed by name, filtered by kind and tag
    const listed = await designer.request('GET', `/achievements?kind=assessment&tag=assessment&limit=100`);
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((a: { id: string }) => a.id)).toContain(id);
    expect((await designer.request('GET', `/achievements?kind=course&limit=100`)).body.items.map((a: { id: string }) => a.id)).not.toContain(id);

    // Archived: no new issuances, out of the active list; restored: back
    const archived = await designer.request('POST', `/achievements/${id}/archive`, { reason: 'replaced by the 2027 syllabus' });
    expect(archived.body).toMatchObject({ lifecycle: 'archived', archived: { by: 'dee.designer', reason: 'replaced by the 2027 syllabus' } });
    const refused = await issuer.request('POST', '/issuances', { achievementId: id, recipient: { email: `${uniqueId('l')}@example.edu` } });
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toMatch(/archived/);
    expect((await designer.request('PATCH', `/achievements/${id}`, { name: 'x' })).status).toBe(409);
    expect((await designer.request('GET', `/achievements?status=archived&limit=100`)).body.items.map((a: { id: string }) => a.id)).toContain(id);
    expect((await designer.request('GET', `/achievements?limit=100`)).body.items.map((a: { id: string }) => a.id)).not.toContain(id);
    expect((await designer.request('POST', `/achievements/${id}/restore`, {})).body.lifecycle).toBe('active');
  });

  it('take a badge image by presigned upload, served publicly and safely', async () => {
    const designer = await cloud.as('dee.designer', ['designer']);
    const id = uniqueId('img');
    await designer.request('POST', '/achievements', definition(id));
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10" fill="#2a6"/></svg>');
    const offer = await designer.request('POST', `/achievements/${id}/image`, { contentType: 'image/svg+xml', size: svg.length });
    expect(offer.status).toBe(201);
    // Not uploaded yet: the achievement cannot point at it
    const early = await designer.request('PATCH', `/achievements/${id}`, { image: { id: offer.body.imageUrl, caption: 'badge' } });
    expect(early.status).toBe(400);
    expect(early.body.errors[0].path).toBe('body.image.id');
    expect((await fetch(offer.body.uploadUrl, { method: 'PUT', headers: offer.body.headers, body: svg })).status).toBe(200);
    const updated = await designer.request('PATCH', `/achievements/${id}`, { image: { id: offer.body.imageUrl, caption: 'badge' } });
    expect(updated.body).toMatchObject({ version: 2, image: { id: offer.body.imageUrl } });
    const served = await fetch(offer.body.imageUrl);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/svg+xml');
    expect(served.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(Buffer.from(await served.arrayBuffer())).toEqual(svg);
    expect((await designer.request('POST', `/achievements/${id}/image`, { contentType: 'text/html', size: 10 })).status).toBe(400);
    expect((await fetch(offer.body.imageUrl.replace(/[0-9a-f-]{36}/, '00000000-0000-4000-8000-000000000000'))).status).toBe(404);
  });
});

describe('issuers', () => {
  it('are listed, read and their Profile updated; the public Profile follows', async () => {
    const designer = await cloud.as('dee.designer', ['designer']);
    const issuerId = uniqueId('fac').toLowerCase();
    expect((await designer.request('POST', '/issuers', { issuerId, name: 'Faculty of Arts', url: 'https://arts.example.edu' })).status).toBe(201);
    const updated = await designer.request('PATCH', `/issuers/${issuerId}`, { name: 'Faculty of Arts and Humanities', email: 'arts@example.edu' });
    expect(updated.body).toMatchObject({ name: 'Faculty of Arts and Humanities', email: 'arts@example.edu', updatedBy: 'dee.designer' });
    expect((await designer.request('GET', `/issuers/${issuerId}`)).body.name).toBe('Faculty of Arts and Humanities');
    const profile: any = await (await fetch(`${cloud.outputs.PublicApiUrl}/issuers/${issuerId}`)).json();
    expect(profile.name).toBe('Faculty of Arts and Humanities');
    const all: { issuerId: string }[] = [];
    let cursor: string | undefined;
    do {
      const page = await designer.request('GET', `/issuers?limit=50${cursor ? `&cursor=${cursor}` : ''}`);
      all.push(...page.body.items);
      cursor = page.body.cursor;
    } while (cursor);
    expect(all.map((i) => i.issuerId)).toContain(issuerId);
    expect((await designer.request('PATCH', '/issuers/no-such-issuer', { name: 'x' })).status).toBe(404);
    expect((await designer.request('PATCH', `/issuers/${issuerId}`, { url: 'http://insecure.example' })).status).toBe(400);
  });
});

describe('issuances', () => {
  it('are listed newest first with filters (status, achievement, cohort, campus, programme, requester, dates), paged by cursor', async () => {
    const designer = await cloud.as('dee.designer', ['designer', 'issuer']);
    const id = uniqueId('list');
    await designer.request('POST', '/achievements', definition(id, { approval: { mode: 'auto' } }));
    const issuer = await cloud.as(uniqueId('lister'), ['issuer']);
    const ids: string[] = [];
    for (const [n, campus] of [[1, 'North'], [2, 'South'], [3, 'North'], [4, 'North']] as const) {
      const res = await issuer.request('POST', '/issuances', {
        achievementId: id,
        recipient: { email: `${uniqueId('m')}@example.edu` },
        results: [{ resultKey: 'score', value: n === 4 ? '10' : '80' }], // the 4th fails its rule
        cohort: '2026-spring',
        campus,
        programme: 'BSc Nursing',
      });
      ids.push(res.body.id);
    }
    for (const i of ids) await issuer.waitForIssuance(i, ended);

    const byAchievement = await issuer.request('GET', `/issuances?achievementId=${id}&limit=2`);
    expect(byAchievement.body.items.map((i: { id: string }) => i.id)).toEqual([ids[3], ids[2]]);
    const next = await issuer.request('GET', `/issuances?achievementId=${id}&limit=2&cursor=${byAchievement.body.cursor}`);
    expect(next.body.items.map((i: { id: string }) => i.id)).toEqual([ids[1], ids[0]]);

    const north = await issuer.request('GET', `/issuances?achievementId=${id}&campus=North&status=ISSUED`);
    expect(north.body.items.map((i: { id: string }) => i.id).sort()).toEqual([ids[0], ids[2]].sort());
    const mine = await issuer.request('GET', `/issuances?requestedBy=me&cohort=2026-spring&programme=${encodeURIComponent('BSc Nursing')}&limit=10`);
    expect(mine.body.items.map((i: { id: string }) => i.id)).toEqual([...ids].reverse());
    const rejected = await issuer.request('GET', `/issuances?requestedBy=me&status=REJECTED,FAILED`);
    expect(rejected.body.items.map((i: { id: string }) => i.id)).toEqual([ids[3]]);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const empty = await issuer.request('GET', `/issuances?requestedBy=me&from=${tomorrow}`);
    expect([empty.status, empty.body.errors]).toEqual([400, [{ path: 'query.from', message: 'must not be after `to`' }]]);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    expect((await issuer.request('GET', `/issuances?requestedBy=me&from=2025-01-01&to=${yesterday}`)).body.items).toEqual([]);
    expect((await issuer.request('GET', `/issuances?from=2026-13-01`)).status).toBe(400);
    expect((await issuer.request('GET', `/issuances?status=DONE`)).status).toBe(400);
    expect((await issuer.request('GET', `/issuances?achievementId=${id}&cursor=${encodeURIComponent('eyJ4IjoxfQ')}`)).status).toBe(400);

    // An auditor sees the same list with the learner's email masked
    const auditor = await cloud.as('aud.itor', ['auditor']);
    const masked = await auditor.request('GET', `/issuances?achievementId=${id}&limit=1`);
    expect(masked.body.items[0].recipient.email).toMatch(/^m\*\*\*@example\.edu$/);
  });

  it('are cancelled while pending (holding freed, workflow stopped), and not after a decision', async () => {
    const designer = await cloud.as('dee.designer', ['designer']);
    const id = uniqueId('cancel');
    await designer.request('POST', '/achievements', definition(id));
    const issuer = await cloud.as('cal.issuer', ['issuer']);
    const recipient = { email: `${uniqueId('c')}@example.edu` };
    const res = await issuer.request('POST', '/issuances', { achievementId: id, recipient, results: [{ resultKey: 'score', value: '90' }] });
    await issuer.waitForIssuance(res.body.id, waiting);

    const other = await cloud.as('oth.issuer', ['issuer']);
    expect((await other.request('POST', `/issuances/${res.body.id}/cancel`, { reason: 'not mine' })).status).toBe(403);
    const cancelled = await issuer.request('POST', `/issuances/${res.body.id}/cancel`, { reason: 'requested for the wrong cohort' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'CANCELLED', cancellation: { by: { name: 'cal.issuer' }, reason: 'requested for the wrong cohort' } });
    // Out of the approvers' queue, and no decision can land on it
    const approver = await cloud.as('abe.approver', ['approver']);
    const queue = await approver.request('GET', `/approvals?achievementId=${id}`);
    expect(queue.body.items).toEqual([]);
    expect((await approver.request('POST', `/issuances/${res.body.id}/approve`, {})).status).toBe(409);
    // Repeating it converges on the first cancellation (a client retry is safe)
    const again = await issuer.request('POST', `/issuances/${res.body.id}/cancel`, { reason: 'again' });
    expect([again.status, again.body.cancellation.reason]).toEqual([200, 'requested for the wrong cohort']);
    // The learner may be put forward again at once
    expect((await issuer.request('POST', '/issuances', { achievementId: id, recipient, results: [{ resultKey: 'score', value: '90' }] })).status).toBe(202);
    const trail = await issuer.request('GET', `/issuances/${res.body.id}/audit`);
    expect(trail.body.events.at(-1)).toMatchObject({ action: 'CANCELLED', actor: { name: 'cal.issuer' }, reason: 'requested for the wrong cohort' });
    expect(trail.body.chain.valid).toBe(true);
    const [event] = await cloud.eventsFor(res.body.id);
    expect(event).toMatchObject({ 'detail-type': 'IssuanceCancelled', detail: { issuanceId: res.body.id, achievementId: id, cancelledBy: 'cal.issuer', reason: 'requested for the wrong cohort' } });
    // It stays cancelled
    await new Promise((r) => setTimeout(r, 500));
    expect((await issuer.request('GET', `/issuances/${res.body.id}`)).body.status).toBe('CANCELLED');
  });

  it('ask for an exception after the evidence check refused them: flagged to approval, then issued', async () => {
    const designer = await cloud.as('dee.designer', ['designer']);
    const id = uniqueId('exc');
    await designer.request('POST', '/achievements', definition(id, { approval: { mode: 'auto' } }));
    const issuer = await cloud.as('eve.issuer', ['issuer']);
    const res = await issuer.request('POST', '/issuances', { achievementId: id, recipient: { email: `${uniqueId('e')}@example.edu` }, results: [{ resultKey: 'score', value: '45' }] });
    const refused = await issuer.waitForIssuance(res.body.id, ended);
    expect(refused.rejection.stage).toBe('evidence');

    const justification = 'Sat the assessment during a documented illness; the board accepted the portfolio instead.';
    const asked = await issuer.request('POST', `/issuances/${res.body.id}/exception`, { justification });
    expect(asked.status).toBe(202);
    const pending = await issuer.waitForIssuance(res.body.id, (i) => waiting(i) || ended(i));
    expect(pending.approval).toMatchObject({ role: 'approver', exception: true });
    expect(pending.earlierRejection.stage).toBe('evidence');
    expect((await issuer.request('POST', `/issuances/${res.body.id}/exception`, { justification })).status).toBe(409);
    const approver = await cloud.as('abe.approver', ['approver']);
    await approver.request('POST', `/issuances/${res.body.id}/approve`, { comment: 'board minute 14' });
    expect((await issuer.waitForIssuance(res.body.id, ended)).status).toBe('ISSUED');
  });
});

describe('credentials', () => {
  it('are read, listed, searched by learner (hashed), re-addressed, and counted in reports', async () => {
    const designer = await cloud.as('dee.designer', ['designer']);
    const id = uniqueId('cred');
    await designer.request('POST', '/achievements', definition(id, { approval: { mode: 'auto' } }));
    const issuer = await cloud.as('ian.issuer', ['issuer']);
    const email = `${uniqueId('learner')}@Example.edu`;
    const res = await issuer.request('POST', '/issuances', {
      achievementId: id,
      recipient: { email, studentId: `S-${uniqueId('n')}` },
      results: [{ resultKey: 'score', value: '88' }],
      cohort: '2026-summer',
      campus: 'East',
    });
    const done = await issuer.waitForIssuance(res.body.id, ended);
    expect(done.status).toBe('ISSUED');

    const registrar = await cloud.as('reg.istrar', ['registrar']);
    const record = await registrar.request('GET', `/credentials/${done.credentialId}`);
    expect(record.body).toMatchObject({ id: done.credentialId, status: 'ACTIVE', issuanceId: res.body.id, publicUrl: `${cloud.outputs.PublicApiUrl}/credentials/${done.credentialId}` });

    const list = await registrar.request('GET', `/credentials?achievementId=${id}`);
    expect(list.body.items.map((c: { id: string }) => c.id)).toEqual([done.credentialId]);
    // Other suites issue into the same cloud concurrently, so the first page of every ACTIVE
    // credential need not hold ours: page through those issued since ours, as a client would.
    const recentIds: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await registrar.request('GET', `/credentials?status=ACTIVE&from=${encodeURIComponent(record.body.issuedAt)}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(page.status).toBe(200);
      recentIds.push(...page.body.items.map((c: { id: string }) => c.id));
      cursor = page.body.cursor;
    } while (cursor && !recentIds.includes(done.credentialId));
    expect(recentIds).toContain(done.credentialId);

    // By learner: the email (any case) or the student number, in the body
    const byEmail = await registrar.request('POST', '/credentials/search', { email: email.toLowerCase() });
    expect(byEmail.body.items.map((c: { id: string }) => c.id)).toEqual([done.credentialId]);
    const byStudent = await registrar.request('POST', '/credentials/search', { studentId: res.body.recipient.studentId, achievementId: id });
    expect(byStudent.body.items.map((c: { id: string }) => c.id)).toEqual([done.credentialId]);
    expect((await registrar.request('POST', '/credentials/search', { email: 'nobody@example.edu' })).body.items).toEqual([]);
    expect((await registrar.request('POST', '/credentials/search', { email, studentId: 'x' })).status).toBe(400);
    // No item keys anyone's email in clear
    const { QueryCommand } = await import('@aws-sdk/lib-dynamodb');
    const learnerItems = await cloud.table.send(
      new QueryCommand({ TableName: cloud.outputs.TableName, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': `LEARNER#${email}` } }),
    );
    expect(learnerItems.Items).toEqual([]);
    // …nor by a hash anyone could recompute from a guessed address: the index is keyed with the
    // learner-index key's HMAC, which only a function with kms:GenerateMac on it can compute.
    const { createHash } = await import('node:crypto');
    const indexed = async (pk: string) =>
      (await cloud.table.send(new QueryCommand({ TableName: cloud.outputs.TableName, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': pk } }))).Items ?? [];
    expect(await indexed(`LEARNER#email:${createHash('sha256').update(email.toLowerCase()).digest('hex')}`)).toEqual([]);
    const { kmsLearnerKeyer } = await import('../../shared/adapters/kms-learner-keyer');
    const { KMSClient } = await import('@aws-sdk/client-kms');
    const keys = kmsLearnerKeyer(new KMSClient({ endpoint: cloud.outputs.KmsEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }), cloud.outputs.LearnerKeyArn);
    await keys.ready();
    expect((await indexed(`LEARNER#email:${keys.keyFor(email.toLowerCase())}`)).map((i) => i.issuanceId)).toEqual([res.body.id]);

    // A corrected address for the next email; the trail records that it changed, masked
    const moved = await registrar.request('PUT', `/credentials/${done.credentialId}/delivery-address`, { email: 'new.address@example.org' });
    expect(moved.body).toEqual({ credentialId: done.credentialId, deliveryEmail: 'new.address@example.org' });
    const trail = await registrar.request('GET', `/credentials/${done.credentialId}/audit`);
    expect(trail.body.events.at(-1)).toMatchObject({ action: 'DELIVERY_ADDRESS_CHANGED', after: { deliveryAddressChanged: true }, personal: { deliveryEmail: 'n***@example.org' } });
    expect((await registrar.request('GET', `/issuances/${res.body.id}`)).body.deliveryEmail).toBe('new.address@example.org');

    // Revoked → counted; reports as JSON and CSV
    await registrar.request('POST', `/credentials/${done.credentialId}/revoke`, { reason: 'test' });
    const auditor = await cloud.as('aud.itor', ['auditor']);
    const today = new Date().toISOString().slice(0, 10);
    const report = await auditor.request('GET', `/reports/issuances?from=${today}&achievementId=${id}&groupBy=achievement,cohort,campus,month`);
    expect(report.body.rows).toEqual([
      { achievementId: id, cohort: '2026-summer', campus: 'East', month: today.slice(0, 7), requested: 1, issued: 1, pending: 0, rejected: 0, expired: 0, failed: 0, cancelled: 0, revoked: 1, suspended: 0 },
    ]);
    const deliveries = await auditor.request('GET', `/reports/deliveries?from=${today}&achievementId=${id}`);
    expect(deliveries.body.rows).toEqual([{ achievementId: id, sent: 1, delivered: 0, bounced: 0, complained: 0, awaitingFeedback: 1 }]);
    const csv = await auditor.request('GET', `/reports/approval-turnaround?from=${today}`, undefined, { accept: 'text/csv' });
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(String(csv.body).split('\r\n')[0]).toBe('achievementId,decided,approved,rejected,medianHours,p90Hours');
    expect((await auditor.request('GET', '/reports/issuances')).status).toBe(400); // `from` is required
    expect((await auditor.request('GET', '/reports/everything?from=2026-01-01')).status).toBe(400);
  });
});
