import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { httpKeyResolver, verifyCredential } from '../../shared/credentials/verify';
import { openBadgeSchemaErrors } from '../../shared/credentials/schema';
import { localCloud, uniqueId, LOCAL_FETCH_TIMEOUT_MS } from '../support/cloud';

const cloud = localCloud();
const finished = (i: { status: string }) => ['ISSUED', 'FAILED', 'REJECTED', 'EXPIRED'].includes(i.status);

describe('evidence files uploaded by presigned URL', () => {
  it('are hashed by the evidence check and named by their SHA-256 in the credential', async () => {
    const staff = await cloud.as('ivy.issuer', ['designer', 'issuer']);
    const achievementId = uniqueId('files');
    await staff.request('POST', '/achievements', { id: achievementId, kind: 'project', name: 'Portfolio', description: 'd', criteria: 'c', rules: [{ kind: 'uploadedFile' }], approval: { mode: 'auto' } });
    const content = Buffer.from('%PDF-1.4 portfolio of work, five projects');
    const offer = await staff.request('POST', '/evidence-uploads', { fileName: 'portfolio.pdf', contentType: 'application/pdf', size: content.length });
    expect(offer.status, JSON.stringify(offer.body)).toBe(201);
    const put = await fetch(offer.body.uploadUrl, { method: 'PUT', headers: offer.body.headers, body: content });
    expect(put.status, await put.text()).toBe(200);

    const { body } = await staff.request('POST', '/issuances', { achievementId, recipient: { email: `${uniqueId('f')}@example.org` }, evidenceFiles: [{ uploadId: offer.body.uploadId }] });
    const done = await staff.waitForIssuance(body.id, finished);
    expect(done.status, JSON.stringify(done.rejection ?? done.failure)).toBe('ISSUED');
    const sha256 = createHash('sha256').update(content).digest('hex');
    expect(done.verifiedFiles).toEqual([{ uploadId: offer.body.uploadId, fileName: 'portfolio.pdf', size: content.length, sha256 }]);
    const credential: any = await (await fetch(`${cloud.outputs.PublicApiUrl}/credentials/${done.credentialId}`)).json();
    expect(credential.evidence).toContainEqual({
      type: ['Evidence'],
      id: `ni:///sha-256;${Buffer.from(sha256, 'hex').toString('base64url')}`,
      name: 'portfolio.pdf',
      description: `Uploaded file, ${content.length} bytes, SHA-256 ${sha256}`,
      genre: 'File',
    });
    expect(openBadgeSchemaErrors(credential)).toEqual([]);
    expect((await verifyCredential(credential, { resolver: httpKeyResolver({ timeoutMs: LOCAL_FETCH_TIMEOUT_MS }) })).status).toBe('valid');
  });

  it('rejects a request whose announced file never arrived, and refuses someone else’s upload', async () => {
    const staff = await cloud.as('ivy.issuer', ['designer', 'issuer']);
    const achievementId = uniqueId('files');
    await staff.request('POST', '/achievements', { id: achievementId, kind: 'project', name: 'Portfolio', description: 'd', criteria: 'c', rules: [{ kind: 'uploadedFile' }], approval: { mode: 'auto' } });
    const offer = await staff.request('POST', '/evidence-uploads', { fileName: 'missing.pdf', contentType: 'application/pdf', size: 10 });
    const { body } = await staff.request('POST', '/issuances', { achievementId, recipient: { email: `${uniqueId('f')}@example.org` }, evidenceFiles: [{ uploadId: offer.body.uploadId }] });
    const done = await staff.waitForIssuance(body.id, finished);
    expect(done).toMatchObject({ status: 'REJECTED', rejection: { stage: 'evidence' } });
    expect(done.rejection.reason).toMatch(/'missing.pdf' was never uploaded/);

    const colleague = await cloud.as('ian.issuer', ['issuer']);
    const theirs = await colleague.request('POST', '/issuances', { achievementId, recipient: { email: `${uniqueId('f')}@example.org` }, evidenceFiles: [{ uploadId: offer.body.uploadId }] });
    expect(theirs.status).toBe(400);
    expect(theirs.body.errors[0].path).toBe('body.evidenceFiles.0.uploadId');
  });

  it('refuses oversized or unsafe upload requests', async () => {
    const staff = await cloud.as('ivy.issuer', ['issuer']);
    expect((await staff.request('POST', '/evidence-uploads', { fileName: 'big.bin', contentType: 'application/octet-stream', size: 26 * 1024 * 1024 })).status).toBe(400);
    expect((await staff.request('POST', '/evidence-uploads', { fileName: '../etc/passwd', contentType: 'text/plain', size: 5 })).status).toBe(400);
  });
});
