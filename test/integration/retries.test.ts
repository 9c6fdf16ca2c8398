import { beforeAll, describe, expect, it } from 'vitest';
import type { OpenBadgeCredential } from '../../shared/credentials/open-badge';
import { PermanentError } from '../../shared/errors';
import { jwtArtifactKey } from '../../shared/issuing/issue-credential';
import type { WorkflowDeps } from '../../shared/use-cases/issuance-workflow';
import { localCloud, uniqueId, useLocalAdapters } from '../support/cloud';

const cloud = localCloud();

/**
 * Step Functions may run a step again (a retry after a timeout, a redriven execution). These
 * tests call the workflow's use cases a second time, with the production adapters pointed at
 * the local stand-ins, after the workflow has finished.
 */
describe('retried workflow steps', () => {
  let deps: WorkflowDeps;
  let use: typeof import('../../shared/use-cases/issuance-workflow');
  let issuance: any;
  let stored: OpenBadgeCredential;

  beforeAll(async () => {
    const o = cloud.outputs;
    useLocalAdapters(o);
    deps = (await import('../../shared/workflow/deps')).workflowDeps((await import('../../shared/wiring/workflow')).SignFn);
    use = await import('../../shared/use-cases/issuance-workflow');

    const designer = await cloud.as('dee.designer', ['designer', 'issuer']);
    const achievementId = uniqueId('retry');
    await designer.request('POST', '/achievements', { id: achievementId, kind: 'badge', name: 'Retry', description: 'd', criteria: 'c', approval: { mode: 'auto' } });
    const { body } = await designer.request('POST', '/issuances', { achievementId, recipient: { email: `${uniqueId('r')}@example.org` } });
    issuance = await designer.waitForIssuance(body.id, (i) => i.status === 'ISSUED');
    stored = (await (await fetch(`${o.PublicApiUrl}/credentials/${issuance.credentialId}`)).json()) as OpenBadgeCredential;
  });

  it('Sign again produces the very same signed credential', async () => {
    const { credential } = await use.signCredential(deps, issuance.id);
    expect(credential).toEqual(stored);
  });

  it('Store again accepts the same bytes and refuses different ones', async () => {
    await expect(use.storeCredential(deps, issuance.id, stored)).resolves.toMatchObject({ sha256: issuance.artifact.sha256 });
    const altered = { ...stored, name: 'Something else' };
    await expect(use.storeCredential(deps, issuance.id, altered)).rejects.toBeInstanceOf(PermanentError);
    const served = await (await fetch(`${cloud.outputs.PublicApiUrl}/credentials/${issuance.credentialId}`)).json();
    expect(served).toEqual(stored);
  });

  it('Store keeps the JWT another run stored (its If-None-Match write refused), and refuses one with other claims', async () => {
    const key = jwtArtifactKey(issuance.credentialId);
    const storedJwt = (await deps.artifacts.read(key))!.body;
    const [header, payload] = storedJwt.split('.');
    const resigned = `${header}.${payload}.${'A'.repeat(86)}`; // ECDSA: the same claims, another signature
    await expect(use.storeCredential(deps, issuance.id, stored, resigned)).resolves.toMatchObject({ sha256: issuance.artifact.sha256 });
    const served = await fetch(`${cloud.outputs.PublicApiUrl}/credentials/${issuance.credentialId}`, { headers: { accept: 'application/vc+jwt' } });
    expect(await served.text()).toBe(storedJwt);
    const otherClaims = `${header}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), name: 'Other' })).toString('base64url')}.${'A'.repeat(86)}`;
    await expect(use.storeCredential(deps, issuance.id, stored, otherClaims)).rejects.toBeInstanceOf(PermanentError);
  });

  it('the email lease: a live one refuses a second attempt, a stale one is taken over, only its holder releases it', async () => {
    const claims = deps.deliveryClaims;
    const id = uniqueId('lease');
    const start = Date.now();
    const at = (ms: number) => new Date(start + ms).toISOString();
    const LEASE = 300_000;
    expect(await claims.claim(id, 0, at(0), at(-LEASE))).toBe(true);
    expect(await claims.claim(id, 0, at(1_000), at(1_000 - LEASE))).toBe(false); // the first attempt may still be sending
    await claims.release(id, 0, at(1_000)); // not its lease: no effect
    expect(await claims.claim(id, 0, at(2_000), at(2_000 - LEASE))).toBe(false);
    expect(await claims.claim(id, 0, at(LEASE + 1_000), at(1_000))).toBe(true); // the first attempt never came back
    await claims.release(id, 0, at(LEASE + 1_000)); // SES refused: nothing was sent, the lease is given back
    expect(await claims.claim(id, 0, at(LEASE + 2_000), at(2_000))).toBe(true);
    expect(await claims.claim(id, 1, at(LEASE + 2_000), at(2_000))).toBe(true); // a resend has a lease of its own
  });

  it("a chunk's holdings: claimed together, its own taken again on a retry, each refusal naming the holder", async () => {
    const { holdingRepository } = await import('../../shared/entities/holding');
    const { dynamo, kms } = await import('../../shared/aws/clients');
    const { kmsLearnerKeyer } = await import('../../shared/adapters/kms-learner-keyer');
    const holdings = holdingRepository(dynamo(), cloud.outputs.TableName, kmsLearnerKeyer(kms(), cloud.outputs.LearnerKeyArn));
    const achievementId = uniqueId('chunk');
    const learners = Array.from({ length: 130 }, (_, i) => ({ email: `${uniqueId('l')}-${i}@example.org`, issuanceId: `first-${i}` }));
    // Two transactions (100 + 30); a learner twice in one chunk is claimed for the first row only.
    const first = await holdings.claimMany(achievementId, 1, [...learners, { email: learners[7]!.email.toUpperCase(), issuanceId: 'twin' }]);
    expect([...first]).toEqual([['twin', 'first-7']]);
    expect(await holdings.holder(achievementId, 1, learners[129]!.email)).toBe('first-129');
    // The same chunk again (a retry): nothing refused.
    expect((await holdings.claimMany(achievementId, 1, learners)).size).toBe(0);
    // Another issuance for some of them, in one transaction with newcomers: the held are refused and named, the rest claimed.
    const newcomers = [{ email: `${uniqueId('n')}@example.org`, issuanceId: 'second-new' }];
    const second = await holdings.claimMany(achievementId, 1, [{ email: learners[3]!.email, issuanceId: 'second-3' }, ...newcomers, { email: learners[120]!.email, issuanceId: 'second-120' }]);
    expect(Object.fromEntries(second)).toEqual({ 'second-3': 'first-3', 'second-120': 'first-120' });
    expect(await holdings.holder(achievementId, 1, newcomers[0]!.email)).toBe('second-new');
    // Another version is another holding.
    expect((await holdings.claimMany(achievementId, 2, [{ email: learners[3]!.email, issuanceId: 'v2' }])).size).toBe(0);
  });

  it('Deliver again sends no second email', async () => {
    // This learner's emails only: other suites send theirs to the same mailbox meanwhile.
    const mine = async () => (await cloud.mail()).filter((m) => m.destination.to.includes(issuance.recipient.email)).length;
    expect(await mine()).toBe(1);
    const { deliverCredential } = await import('../../shared/use-cases/credential-delivery');
    const { messageId } = await deliverCredential(deps, issuance.id);
    expect(messageId).toBe(issuance.delivery.messageId);
    expect(await mine()).toBe(1);
  });
});
