import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app';

// Issue #17, section 1: what each function's role may do with keys and objects, read from the
// synthesized template (IAM cannot run on the local stand-ins).
type Statement = { Effect: 'Allow' | 'Deny'; Action: string | string[]; Resource: unknown; Condition?: Record<string, Record<string, unknown>> };

let template: Template;
/** Every function (logical id) with the statements of the policies attached to its role. */
let functions: Map<string, Statement[]>;

const actionsOf = (s: Statement) => [s.Action].flat();

beforeAll(() => {
  const { stack } = buildApp({ context: { 'aws:cdk:bundling-stacks': [] } });
  template = Template.fromStack(stack);
  const policies = Object.values(template.findResources('AWS::IAM::Policy'));
  functions = new Map();
  for (const [id, fn] of Object.entries(template.findResources('AWS::Lambda::Function'))) {
    const role = fn.Properties.Role?.['Fn::GetAtt']?.[0] as string | undefined;
    if (!role) continue;
    const attached = policies.filter((p) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === role));
    functions.set(id, attached.flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]));
  }
});

describe('least privilege: keys', () => {
  it('denies every function scheduling a key’s deletion, disabling it or rewriting its policy', () => {
    expect(functions.size).toBeGreaterThan(50);
    for (const [id, statements] of functions) {
      expect(statements, id).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Action: expect.arrayContaining(['kms:ScheduleKeyDeletion', 'kms:DisableKey', 'kms:PutKeyPolicy']), Resource: '*' }),
      );
    }
  });

  it('lets a function sign only with the algorithms Laurel signs with (Ed25519, and ES256 for VC-JWT)', () => {
    let signers = 0;
    for (const [id, statements] of functions) {
      for (const s of statements.filter((st) => st.Effect === 'Allow' && actionsOf(st).includes('kms:Sign'))) {
        signers++;
        expect(s.Condition?.['ForAllValues:StringEquals']?.['kms:SigningAlgorithm'] ?? s.Condition?.StringEquals?.['kms:SigningAlgorithm'], id).toEqual(['ED25519_SHA_512', 'ECDSA_SHA_256']);
        // Sign and nothing else in that statement: reading a public key needs no algorithm.
        expect(actionsOf(s), id).toEqual(['kms:Sign']);
      }
    }
    expect(signers).toBe(3);
  });
});

describe('least privilege: objects', () => {
  it('grants no bucket-wide List* or GetBucket*: ListBucket only with an s3:prefix condition', () => {
    for (const [id, statements] of functions) {
      for (const s of statements.filter((st) => st.Effect === 'Allow' && actionsOf(st).some((a) => a.startsWith('s3:')))) {
        const actions = actionsOf(s);
        expect(actions.filter((a) => a.includes('*')), `${id}: ${JSON.stringify(s)}`).toEqual([]);
        if (actions.includes('s3:ListBucket')) {
          expect(actions, id).toEqual(['s3:ListBucket']);
          expect(s.Condition?.StringLike?.['s3:prefix'], `${id}: ${JSON.stringify(s)}`).toEqual(expect.arrayContaining([expect.stringMatching(/^[a-z]+\/\*$/)]));
        }
      }
    }
  });

  it('lets a function read only the prefixes it declares, and write nothing but objects there', () => {
    const objectActions = new Set(['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload']);
    for (const [id, statements] of functions) {
      for (const s of statements.filter((st) => st.Effect === 'Allow' && actionsOf(st).some((a) => a.startsWith('s3:') && a !== 's3:ListBucket'))) {
        expect(actionsOf(s).filter((a) => !objectActions.has(a)), `${id}: ${JSON.stringify(s)}`).toEqual([]);
        // Object ARNs end in one prefix of the bucket: …/<prefix>/*
        const resources = [s.Resource].flat().map((r) => JSON.stringify(r));
        for (const r of resources) expect(r, id).toMatch(/\/[a-z]+\/\*"\]\]\}$/);
      }
    }
  });
});
