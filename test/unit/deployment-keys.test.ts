import { describe, expect, it } from 'vitest';
import { customResourceHandler, type CustomResourceResponse } from '../../shared/aws/custom-resource';
import { PermanentError } from '../../shared/errors';
import { currentKey, registerDeploymentKeys } from '../../shared/use-cases/signing-key';
import { fixedClock, memoryArchive, memoryKeyVault } from '../support/memory-ports';
import { memoryRepositories } from '../support/memory-repositories';

/**
 * Issue #17, section 1: keys are registered when they are made (deployment, a new issuer,
 * rotation), never by a read. The deployment's registration runs as a CloudFormation custom
 * resource, which must answer CloudFormation whatever happens.
 */
function world() {
  const clock = fixedClock('2026-12-05T10:00:00.000Z');
  const repos = memoryRepositories(clock);
  const vault = memoryKeyVault();
  const archive = memoryArchive();
  return { clock, keys: repos.keys, keyVault: vault.vault, table: repos.table, archive: archive.archive, archived: archive.objects };
}

describe('registering the deployment’s keys', () => {
  it('registers the stack’s keys once, however often the deployment runs it', async () => {
    const w = world();
    const ed = await w.keyVault.create('main', 'Ed25519');
    const p256 = await w.keyVault.create('main', 'ES256');
    const deployment = [
      { kmsKeyArn: ed, algorithm: 'Ed25519' as const },
      { kmsKeyArn: p256, algorithm: 'ES256' as const },
    ];
    const first = await registerDeploymentKeys(w, 'main', deployment);
    const again = await registerDeploymentKeys(w, 'main', deployment);
    expect(again).toEqual(first);
    expect((await w.keys.list('main')).map((k) => [k.algorithm, k.status, k.kmsKeyArn])).toEqual(
      expect.arrayContaining([
        ['Ed25519', 'CURRENT', ed],
        ['ES256', 'CURRENT', p256],
      ]),
    );
    expect(await w.keys.list('main')).toHaveLength(2);
    // Each key's state is kept in the Object Lock archive, once, without the KMS ARN (internal).
    const [k1, k2] = first;
    expect([...w.archived.keys()].sort()).toEqual([`keys/main/${k1!.keyId}/CURRENT.json`, `keys/main/${k2!.keyId}/CURRENT.json`].sort());
    const kept = JSON.parse(w.archived.get(`keys/main/${k1!.keyId}/CURRENT.json`)!);
    expect(kept).toMatchObject({ issuerId: 'main', keyId: k1!.keyId, status: 'CURRENT' });
    expect(kept).not.toHaveProperty('kmsKeyArn');
  });

  it('leaves a key rotated in since in place: the deployment’s original does not come back', async () => {
    const w = world();
    const rotatedIn = await w.keyVault.create('main', 'Ed25519');
    await registerDeploymentKeys(w, 'main', [{ kmsKeyArn: rotatedIn, algorithm: 'Ed25519' }]);
    const original = await w.keyVault.create('main', 'Ed25519');
    const [kept] = await registerDeploymentKeys(w, 'main', [{ kmsKeyArn: original, algorithm: 'Ed25519' }]);
    expect(kept!.kmsKeyArn).toBe(rotatedIn);
    expect(await w.keys.list('main')).toHaveLength(1);
  });

  it('never registers on a read: an issuer without a key is an error that says where keys come from', async () => {
    const w = world();
    await expect(currentKey(w, 'main')).rejects.toThrow(PermanentError);
    await expect(currentKey(w, 'main')).rejects.toThrow(/registers the default issuer's/);
    expect(await w.keys.list('main')).toEqual([]);
  });
});

describe('the custom resource protocol', () => {
  const event = (overrides: Record<string, unknown> = {}) => ({
    RequestType: 'Create',
    ResponseURL: 'https://cloudformation-custom-resource-response.s3.amazonaws.com/x?sig=1',
    StackId: 'arn:aws:cloudformation:eu-west-1:111122223333:stack/Laurel/abc',
    RequestId: 'req-1',
    LogicalResourceId: 'DefaultIssuerKeys',
    ResourceType: 'Custom::LaurelIssuerKeys',
    ResourceProperties: { ServiceToken: 'arn:aws:lambda:eu-west-1:111122223333:function:x' },
    ...overrides,
  });

  it('answers SUCCESS with the physical id and data, to the response URL, once', async () => {
    const sent: [string, CustomResourceResponse][] = [];
    const handler = customResourceHandler(async () => ({ physicalResourceId: 'keys-main', data: { KeyIds: 'z6Mk' } }), async (url, r) => void sent.push([url, r]));
    await handler(event());
    expect(sent).toEqual([
      [
        event().ResponseURL,
        { Status: 'SUCCESS', PhysicalResourceId: 'keys-main', Data: { KeyIds: 'z6Mk' }, StackId: event().StackId, RequestId: 'req-1', LogicalResourceId: 'DefaultIssuerKeys' },
      ],
    ]);
  });

  it('answers FAILED when the work fails, with a reason that names no email address, so CloudFormation need not wait an hour', async () => {
    const sent: CustomResourceResponse[] = [];
    const handler = customResourceHandler(
      async () => {
        throw new Error('KMS refused for ada@example.edu');
      },
      async (_url, r) => void sent.push(r),
    );
    const response = await handler(event({ RequestType: 'Update', PhysicalResourceId: 'keys-main' }));
    expect(sent).toEqual([response]);
    expect(response).toMatchObject({ Status: 'FAILED', PhysicalResourceId: 'keys-main', Reason: 'Error: KMS refused for [email]' });
  });

  it('refuses what is not a CloudFormation event, naming the field', async () => {
    const handler = customResourceHandler(async () => ({ physicalResourceId: 'x' }), async () => undefined);
    await expect(handler(event({ RequestType: 'Replace' }))).rejects.toThrow(/RequestType/);
  });
});
