import { beforeAll, describe, expect, it } from 'vitest';
import { verifyIndependently } from '../../local/independent-verifier';
import { httpKeyResolver, laurelSuspensionLists, verifyCredential } from '../../shared/credentials/verify';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { DeleteCommand, DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { issuerRepository } from '../../shared/entities/issuer';
import { issuerKeyRepository } from '../../shared/entities/issuer-key';
import { migrateKeyRecords } from '../../shared/use-cases/signing-key';
import { localCloud, uniqueId, LOCAL_FETCH_TIMEOUT_MS } from '../support/cloud';

const cloud = localCloud();
const ours = (credential: unknown) => verifyCredential(credential, { resolver: httpKeyResolver({ timeoutMs: LOCAL_FETCH_TIMEOUT_MS }), suspensionListFor: laurelSuspensionLists(cloud.outputs.PublicApiUrl) });

describe('several issuers, key rotation and compromise', () => {
  const issuerId = uniqueId('faculty').toLowerCase();
  let staff: Awaited<ReturnType<typeof cloud.as>>;
  let achievementId: string;

  const issue = async () => {
    const { body } = await staff.request('POST', '/issuances', { achievementId, recipient: { email: `${uniqueId('k')}@example.org` } });
    const done = await staff.waitForIssuance(body.id, (i) => ['ISSUED', 'FAILED'].includes(i.status));
    expect(done.status, JSON.stringify(done.failure)).toBe('ISSUED');
    return (await (await fetch(`${cloud.outputs.PublicApiUrl}/credentials/${done.credentialId}`)).json()) as any;
  };

  beforeAll(async () => {
    staff = await cloud.as('fran.designer', ['designer', 'issuer', 'auditor']);
    const created = await staff.request('POST', '/issuers', {
      issuerId,
      name: 'Faculty of Science',
      url: 'https://science.example.edu',
      email: 'science@example.edu',
      description: 'Awards science micro-credentials.',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.keys[0]).toMatchObject({ status: 'CURRENT' });
    expect(JSON.stringify(created.body)).not.toContain('arn:aws:kms'); // KMS ARNs stay internal
    achievementId = uniqueId('sci');
    const ach = await staff.request('POST', '/achievements', { id: achievementId, issuerId, kind: 'course', name: 'Lab Safety', description: 'd', criteria: 'c', approval: { mode: 'auto' } });
    expect(ach.status).toBe(201);
  });

  it('publishes each issuer’s own Profile, and credentials carry that issuer and its key', async () => {
    const profile: any = await (await fetch(`${cloud.outputs.PublicApiUrl}/issuers/${issuerId}`)).json();
    expect(profile).toMatchObject({ name: 'Faculty of Science', url: 'https://science.example.edu', description: 'Awards science micro-credentials.' });
    expect(profile.assertionMethod).toHaveLength(1);
    const credential = await issue();
    expect(credential.issuer).toMatchObject({ id: `${cloud.outputs.PublicApiUrl}/issuers/${issuerId}`, name: 'Faculty of Science' });
    expect(credential.proof[0].verificationMethod).toBe(profile.assertionMethod[0]);
    expect((await ours(credential)).status).toBe('valid');
    expect(await verifyIndependently(credential, { timeoutMs: LOCAL_FETCH_TIMEOUT_MS })).toMatchObject({ verified: true, revoked: false });
  });

  it('refuses an achievement for an issuer that does not exist, and a duplicate issuer', async () => {
    const res = await staff.request('POST', '/achievements', { issuerId: 'no-such-issuer', kind: 'course', name: 'n', description: 'd', criteria: 'c' });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('body.issuerId');
    expect((await staff.request('POST', '/issuers', { issuerId, name: 'Again', url: 'https://x.example.edu' })).status).toBe(409);
    expect((await staff.request('POST', '/issuers', { issuerId: 'main', name: 'Again', url: 'https://x.example.edu' })).status).toBe(409);
  });

  it('rotation: new credentials use the new key; old ones keep verifying', async () => {
    const before = await issue();
    const rotated = await staff.request('POST', `/issuers/${issuerId}/keys/rotate`);
    expect(rotated.status).toBe(201);
    const after = await issue();
    expect(after.proof[0].verificationMethod).toMatch(new RegExp(`/keys/${rotated.body.keyId}$`));
    expect(after.proof[0].verificationMethod).not.toBe(before.proof[0].verificationMethod);
    for (const c of [before, after]) {
      expect((await ours(c)).status).toBe('valid');
      expect(await verifyIndependently(c, { timeoutMs: LOCAL_FETCH_TIMEOUT_MS })).toMatchObject({ verified: true });
    }
    const keys = await staff.request('GET', `/issuers/${issuerId}/keys`);
    expect(keys.body.items.filter((k: any) => k.algorithm === 'Ed25519').map((k: any) => k.status).sort()).toEqual(['CURRENT', 'RETIRED']);
    expect(keys.body.items.filter((k: any) => k.algorithm === 'ES256').map((k: any) => k.status)).toEqual(['CURRENT']); // VC-JWT key untouched
  });

  it('compromise: what the key signed fails verification with the reason, and is listed for reissue', async () => {
    const victim = await issue();
    const keyId = victim.proof[0].verificationMethod.split('/').pop();
    const auditor = await cloud.as('aud.itor', ['auditor']);
    expect((await auditor.request('POST', `/issuers/${issuerId}/keys/${keyId}/compromise`, { from: '2026-01-01T00:00:00Z', reason: 'x' })).status).toBe(403);
    const admin = await cloud.as('ada.admin', ['admin']);
    const marked = await admin.request('POST', `/issuers/${issuerId}/keys/${keyId}/compromise`, { from: '2026-11-01T00:00:00Z', reason: 'Laptop with a session token stolen' });
    expect(marked.status).toBe(200);
    expect(marked.body).toMatchObject({ status: 'COMPROMISED', compromise: { from: '2026-11-01T00:00:00Z', by: 'ada.admin' } });

    const result = await ours(victim);
    expect(result.status).toBe('invalid');
    expect(result.checks.find((c) => !c.passed)?.message).toMatch(/compromised \(from 2026-11-01T00:00:00Z\)/);
    expect((await verifyIndependently(victim, { timeoutMs: LOCAL_FETCH_TIMEOUT_MS })).verified).toBe(false);
    const profile: any = await (await fetch(`${cloud.outputs.PublicApiUrl}/issuers/${issuerId}`)).json();
    expect(profile.assertionMethod).not.toContain(victim.proof[0].verificationMethod);

    // Issuance goes on with a fresh key (the compromised one was current, so it was rotated out).
    expect((await ours(await issue())).status).toBe('valid');

    // Page through, one at a time, with the opaque cursor.
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await staff.request('GET', `/issuers/${issuerId}/keys/${keyId}/credentials?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      expect(page.body.key).toMatchObject({ status: 'COMPROMISED' });
      ids.push(...page.body.items.map((c: any) => c.id));
      cursor = page.body.cursor;
    } while (cursor);
    expect(ids).toContain(victim.id.split('/').pop());
    expect(new Set(ids).size).toBe(ids.length);
    const bad = await staff.request('GET', `/issuers/${issuerId}/keys/${keyId}/credentials?cursor=${Buffer.from('{"GSI2PK":"SIGNEDBY#main#x"}').toString('base64url')}`);
    expect(bad.status).toBe(400);
  });

  it('the default issuer lists its CDK key', async () => {
    const keys = await staff.request('GET', '/issuers/main/keys');
    expect(keys.status).toBe(200);
    expect(keys.body.items.some((k: any) => k.status === 'CURRENT')).toBe(true);
  });

  it('moves key records written beside the issuer profile (before issue #17) to their own partition, verifying throughout', async () => {
    // An upgraded deployment: a credential whose key record sits where older versions wrote it.
    const credential = await issue();
    const keyId = credential.proof[0].verificationMethod.split('/').pop();
    const db = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: cloud.outputs.DynamoDbEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } }));
    const table = cloud.outputs.TableName;
    const moved = await db.send(new QueryCommand({ TableName: table, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': `ISSUERKEY#${issuerId}` } }));
    for (const item of moved.Items ?? []) {
      await db.send(new PutCommand({ TableName: table, Item: { ...item, PK: `ISSUER#${issuerId}` } }));
      await db.send(new DeleteCommand({ TableName: table, Key: { PK: item.PK, SK: item.SK } }));
    }
    // Read where they were until moved: verification never fails meanwhile.
    expect((await ours(credential)).status).toBe('valid');

    const repos = { keys: issuerKeyRepository(db, table), issuers: issuerRepository(db, table), archive: { keep: async () => undefined } };
    expect(await migrateKeyRecords(repos, 'main')).toBe(moved.Items!.length);
    expect(await migrateKeyRecords(repos, 'main')).toBe(0); // safe to run again
    const legacy = await db.send(new QueryCommand({ TableName: table, KeyConditionExpression: 'PK = :pk AND begins_with(SK, :k)', ExpressionAttributeValues: { ':pk': `ISSUER#${issuerId}`, ':k': 'KEY#' } }));
    expect(legacy.Items).toEqual([]);
    expect((await repos.keys.get(issuerId, keyId))?.keyId).toBe(keyId);
    expect((await ours(credential)).status).toBe('valid');
    expect((await staff.request('GET', `/issuers/${issuerId}/keys`)).body.items.length).toBe(moved.Items!.length);
  });

  it('keeps every state of its keys and every version of its status lists in the Object Lock archive', async () => {
    const s3 = new S3Client({ endpoint: cloud.outputs.S3Endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
    const keysOf = async (prefix: string) => ((await s3.send(new ListObjectsV2Command({ Bucket: cloud.outputs.ArchiveBucketName, Prefix: prefix }))).Contents ?? []).map((o) => o.Key!);
    const keyStates = (await keysOf(`keys/${issuerId}/`)).map((k) => k.split('/').pop());
    // Created, rotated (retired), reported compromised: each state kept once.
    expect(new Set(keyStates)).toEqual(new Set(['CURRENT.json', 'RETIRED.json', 'COMPROMISED.json']));
    const lists = await keysOf(`status-lists/${issuerId}/`);
    expect(lists).toEqual(expect.arrayContaining([`status-lists/${issuerId}/revocation/0/00000000.json`, `status-lists/${issuerId}/suspension/0/00000000.json`]));
    const kept = JSON.parse(await (await s3.send(new GetObjectCommand({ Bucket: cloud.outputs.ArchiveBucketName, Key: lists[0]! }))).Body!.transformToString());
    expect(kept.type).toContain('BitstringStatusListCredential');
    expect(JSON.stringify(await Promise.all((await keysOf(`keys/${issuerId}/`)).map(async (Key) => (await s3.send(new GetObjectCommand({ Bucket: cloud.outputs.ArchiveBucketName, Key }))).Body!.transformToString())))).not.toContain('arn:aws:kms');
  });
});

