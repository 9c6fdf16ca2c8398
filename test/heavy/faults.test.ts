import { BatchGetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminClient } from '../../local/admin-client';
import { startLocalCloud, type LocalCloud } from '../../local/cloud';
import { mintToken } from '../../local/identity-provider';

/**
 * A cohort of 200 issued on a local cloud whose DynamoDB, S3, SES and KMS fail 10% of the
 * functions' calls with their real throttling and 5xx errors. Everything must end ISSUED or
 * FAILED with a reason, and nothing may happen twice.
 */
const COHORT = 200;
let cloud: LocalCloud;

beforeAll(async () => {
  for (let attempt = 0; attempt < 5 && !cloud; attempt++) {
    try {
      cloud = await startLocalCloud({
        port: 40_000 + Math.floor(Math.random() * 2_000) * 10,
        stateDir: '.local/test-faults',
        retryScale: 0.01,
        faults: { rate: 0.1, seed: 2026 },
        // A two-second approval deadline, so the expiry path can be tested here too.
        context: { 'laurel:approvalTimeoutSeconds': 2 },
      });
    } catch (e) {
      if (!String((e as Error).message).includes('in use')) throw e;
    }
  }
}, 180_000);

afterAll(async () => {
  await cloud?.stop();
});

/** A client that retries 5xx and 429 answers, as any well-behaved integration would. */
async function withRetries<T>(call: () => Promise<{ status: number; body: T }>) {
  for (let attempt = 0; ; attempt++) {
    const res = await call();
    if ((res.status < 500 && res.status !== 429) || attempt >= 8) return res;
    await new Promise((r) => setTimeout(r, 20 * 2 ** attempt));
  }
}

describe('a cohort of 200 under 10% injected faults', () => {
  it('ends every issuance ISSUED or FAILED with a reason; no duplicate credential, status index or email', async () => {
    const o = cloud.outputs;
    const staff = new AdminClient(o.AdminApiUrl, await mintToken(cloud.identity, 'fay.faults', ['designer', 'issuer']));
    const created = await withRetries(() =>
      staff.request('POST', '/achievements', { id: 'resilience', kind: 'badge', name: 'Resilience', description: 'd', criteria: 'c', approval: { mode: 'auto' } }),
    );
    expect([201, 409]).toContain(created.status);

    const emails = Array.from({ length: COHORT }, (_, i) => `learner-${i}@cohort.example.org`);
    const ids: string[] = [];
    for (let i = 0; i < COHORT; i += 20) {
      const batch = await Promise.all(
        emails.slice(i, i + 20).map((email) =>
          // The same Idempotency-Key on every retry: a retried request never makes a second issuance.
          withRetries(() => staff.request('POST', '/issuances', { achievementId: 'resilience', recipient: { email } }, { 'idempotency-key': `row-${email}` })),
        ),
      );
      for (const r of batch) {
        expect(r.status, JSON.stringify(r.body)).toBe(202);
        ids.push((r.body as { id: string }).id);
      }
    }
    expect(new Set(ids).size).toBe(COHORT);

    await cloud.idle();
    const finals = await Promise.all(ids.map(async (id) => (await withRetries(() => staff.request('GET', `/issuances/${id}`))).body as any));
    const byStatus = finals.reduce<Record<string, number>>((acc, i) => ({ ...acc, [i.status]: (acc[i.status] ?? 0) + 1 }), {});
    expect(Object.keys(byStatus).every((s) => s === 'ISSUED' || s === 'FAILED'), JSON.stringify(byStatus)).toBe(true);
    for (const failed of finals.filter((i) => i.status === 'FAILED')) {
      expect(failed.failure).toMatchObject({ step: expect.any(String), error: expect.any(String), cause: expect.any(String) });
    }

    const db = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: o.DynamoDbEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } }));
    // Every credential record of the achievement (the month index, filtered), then each whole item.
    const keys: Record<string, unknown>[] = [];
    const month = new Date().toISOString().slice(0, 7);
    const previous = new Date(Date.now() - 32 * 86_400_000).toISOString().slice(0, 7);
    for (const m of new Set([month, previous])) {
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const page = await db.send(
          new QueryCommand({
            TableName: o.TableName,
            IndexName: 'GSI3',
            KeyConditionExpression: 'GSI3PK = :pk',
            FilterExpression: 'achievementId = :a',
            ExpressionAttributeValues: { ':pk': `CREDENTIALS#${m}`, ':a': 'resilience' },
            ExclusiveStartKey,
          }),
        );
        keys.push(...(page.Items ?? []).map((i) => ({ PK: i.PK, SK: i.SK })));
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey);
    }
    const credentials: any[] = [];
    for (let i = 0; i < keys.length; i += 100) {
      const out = await db.send(new BatchGetCommand({ RequestItems: { [o.TableName]: { Keys: keys.slice(i, i + 100) } } }));
      credentials.push(...(out.Responses?.[o.TableName] ?? []));
    }
    expect(credentials).toHaveLength(keys.length);
    const issued = finals.filter((i) => i.status === 'ISSUED');
    expect(new Set(credentials.map((c) => c.issuanceId)).size).toBe(credentials.length); // one credential per issuance
    for (const i of issued) expect(credentials.some((c) => c.issuanceId === i.id)).toBe(true);
    const positions = credentials.map((c) => `${c.statusPosition.listNo}/${c.statusPosition.index}`);
    expect(new Set(positions).size).toBe(positions.length); // no status index twice

    const mail = ((await (await fetch(`${o.MailboxUrl}/store`)).json()) as { emails: { destination: { to: string[] } }[] }).emails;
    const sent = new Map<string, number>();
    for (const m of mail) for (const to of m.destination.to) sent.set(to, (sent.get(to) ?? 0) + 1);
    expect([...sent.values()].every((n) => n === 1)).toBe(true); // no email twice
    for (const i of issued) expect(sent.get(i.recipient.email)).toBe(1);

    const stats = await cloud.faultStats();
    const injected = Object.values(stats).reduce((n, s) => n + (s?.injected ?? 0), 0);
    expect(injected).toBeGreaterThan(100); // the faults really happened
    console.log(`fault injection: ${JSON.stringify(stats)}; outcomes ${JSON.stringify(byStatus)}`);
  }, 300_000);
});

describe('an approval nobody answers', () => {
  it('expires at its deadline with a clear status and event, and can no longer be approved', async () => {
    const o = cloud.outputs;
    const staff = new AdminClient(o.AdminApiUrl, await mintToken(cloud.identity, 'fay.faults', ['designer', 'issuer']));
    await withRetries(() => staff.request('POST', '/achievements', { id: 'slow', kind: 'badge', name: 'Slow', description: 'd', criteria: 'c', approval: { mode: 'single' } }));
    const { body } = await withRetries(() =>
      staff.request('POST', '/issuances', { achievementId: 'slow', recipient: { email: 'late@cohort.example.org' } }, { 'idempotency-key': 'late' }),
    );
    const id = (body as { id: string }).id;
    const expired = await staff.waitForIssuance(id, (i) => ['EXPIRED', 'FAILED', 'ISSUED'].includes(i.status), 30_000);
    expect(expired.status).toBe('EXPIRED');
    expect(expired.steps.Approval).toMatchObject({ status: 'FAILED', detail: "step 1 (approver) was not decided in time" });
    const approver = new AdminClient(o.AdminApiUrl, await mintToken(cloud.identity, 'abe.approver', ['approver']));
    expect((await approver.request('POST', `/issuances/${id}/approve`, {})).status).toBe(409);
    const queue = await withRetries(() => approver.request('GET', '/approvals?role=approver'));
    expect((queue.body as any).items.map((i: any) => i.issuanceId)).not.toContain(id);
    expect(cloud.events.filter((e) => (e.detail as { issuanceId?: string }).issuanceId === id).map((e) => e['detail-type'])).toEqual(['IssuanceExpired']);
  }, 60_000);
});
