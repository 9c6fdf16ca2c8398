import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EVENT_SCHEMAS, INBOUND_EVENT_SCHEMAS } from '../../events/schemas';
import { sesEmailEvent } from '../../events/ses';
import { parseGroups } from '../../local/token';
import { decodeBase58, encodeBase58 } from '../../shared/credentials/base58';
import { hashedEmail, identityHash } from '../../shared/credentials/recipient';
import { credentialEmail } from '../../shared/email/credential-email';
import { buildUpdate } from '../../shared/entities/update';
import { achievementKeys } from '../../shared/entities/achievement';
import { auditKeys } from '../../shared/entities/audit';
import { batchKeys } from '../../shared/entities/batch';
import { credentialKeys } from '../../shared/entities/credential';
import { deliveryClaimKeys } from '../../shared/entities/delivery-claim';
import { holdingKeys } from '../../shared/entities/holding';
import { idempotencyKeys } from '../../shared/entities/idempotency';
import { issuanceKeys } from '../../shared/entities/issuance';
import { learnerKeys } from '../../shared/entities/learner';
import { issuerKeys } from '../../shared/entities/issuer';
import { issuerKeyKeys } from '../../shared/entities/issuer-key';
import { PUBLISHED_PARTITIONS } from '../../shared/entities/keys';
import { statusListKeys } from '../../shared/entities/status-list';
import { uploadKeys } from '../../shared/entities/upload';
import { memoryLearnerKeyer } from '../support/memory-ports';
import { NotFoundError, TransientError, ValidationError } from '../../shared/errors';
import { principalOf, requireRole } from '../../shared/http/auth';
import { toProblem } from '../../shared/http/problem';
import { classify } from '../../shared/workflow/step-handler';

describe('recipient identity', () => {
  it('hashes as the standards kit says: a@example.com + Kosher', () => {
    expect(identityHash('a@example.com', 'Kosher')).toMatch(/^sha256\$b5809d8a/);
  });
  it('normalizes the email before hashing', () => {
    expect(hashedEmail(' A@Example.com ', 'Kosher').identityHash).toBe(identityHash('a@example.com', 'Kosher'));
  });
});

describe('base58btc', () => {
  it('round-trips, keeping leading zero bytes', () => {
    const bytes = Uint8Array.from([0, 0, 1, 2, 250, 255, 0, 7]);
    expect(decodeBase58(encodeBase58(bytes))).toEqual(bytes);
    expect(encodeBase58(new TextEncoder().encode('hello world'))).toBe('StV1DL6CwTryKyV');
    expect(() => decodeBase58('0OIl')).toThrow(/invalid base58/);
  });
});

describe('update expressions', () => {
  it('names nested paths and keeps first values with if_not_exists', () => {
    const u = buildUpdate({ set: { 'steps.Sign': { status: 'SUCCEEDED' }, status: 'SIGNED' }, setIfNotExists: { issuedAt: 't' }, remove: ['GSI2PK'] });
    expect(u.UpdateExpression).toBe('SET #steps.#Sign = :v0, #status = :v1, #issuedAt = if_not_exists(#issuedAt, :v2) REMOVE #GSI2PK');
    const c = u.withCondition('#delivery.#messageId = :x', { ':x': 1 });
    expect(c.ExpressionAttributeNames).toMatchObject({ '#delivery': 'delivery', '#messageId': 'messageId' });
  });
});

describe('authorization', () => {
  const event = (claims: Record<string, unknown>) => ({ requestContext: { authorizer: { jwt: { claims, scopes: null } } } }) as never;
  it('reads groups flattened by API Gateway ("[a b]") and as arrays', () => {
    expect(principalOf(event({ sub: 's', 'cognito:groups': '[issuer approver]' })).roles).toEqual(['issuer', 'approver']);
    expect(principalOf(event({ sub: 's', 'cognito:groups': ['registrar', 'unknown'] })).roles).toEqual(['registrar']);
  });
  it('names the missing role and lets admin through', () => {
    expect(() => requireRole({ id: 'x', name: 'x', roles: ['auditor'], groups: ['auditor'] }, ['designer'])).toThrow("needs the role 'designer'");
    expect(() => requireRole({ id: 'x', name: 'x', roles: ['admin'], groups: ['admin'] }, ['designer'])).not.toThrow();
  });
  it('accepts plural group names in the local token command', () => {
    expect(parseGroups('issuers,approvers')).toEqual(['issuer', 'approver']);
    expect(() => parseGroups('wizards')).toThrow(/unknown group/);
  });
});

describe('problems', () => {
  it('maps domain errors and hides everything else behind the request id', () => {
    expect(toProblem(new ValidationError('bad', [{ path: 'body.x', message: 'm' }]), 'r1')).toMatchObject({ status: 400, errors: [{ path: 'body.x' }] });
    expect(toProblem(new NotFoundError('gone'), 'r2')).toMatchObject({ status: 404, detail: 'gone' });
    const internal = toProblem(new Error('database password is hunter2'), 'r3');
    expect(internal).toMatchObject({ status: 500, requestId: 'r3' });
    expect(JSON.stringify(internal)).not.toContain('hunter2');
  });
});

describe('workflow error classification', () => {
  it('treats throttles and 5xx as transient, everything else as is', () => {
    const throttled = Object.assign(new Error('slow down'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } });
    expect(classify(throttled)).toBeInstanceOf(TransientError);
    expect(classify(Object.assign(new Error('oops'), { name: 'InternalServerError', $metadata: { httpStatusCode: 500 } })).name).toBe('TransientError');
    expect(classify(Object.assign(new Error('no'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } })).name).toBe('AccessDeniedException');
  });
});

describe('the credential email', () => {
  it('escapes HTML and links the credential and LinkedIn', () => {
    const mail = credentialEmail({
      learnerName: '<b>Eve</b>',
      achievementName: 'Data & Society',
      achievementDescription: 'x',
      issuerName: 'Uni',
      credentialUrl: 'https://b.example/credentials/1',
      credentialId: '1',
      issuedAt: '2026-03-04T00:00:00Z',
    });
    expect(mail.html).toContain('&lt;b&gt;Eve&lt;/b&gt;');
    expect(mail.html).not.toContain('<b>Eve</b>');
    expect(mail.text).toContain('https://b.example/credentials/1');
    expect(mail.text).toContain('issueYear=2026&issueMonth=3');
  });
});

describe('event samples', () => {
  const dir = new URL('../../events/samples/', import.meta.url);
  it.each(readdirSync(dir))('%s matches its schema', (file) => {
    const event = JSON.parse(readFileSync(new URL(file, dir), 'utf8'));
    if (event.source === 'aws.ses') {
      // An event Laurel consumes rather than emits.
      expect(sesEmailEvent.safeParse(event).success).toBe(true);
      return;
    }
    if (event['detail-type'] in INBOUND_EVENT_SCHEMAS) {
      // Put on Laurel's bus by another system (completions in): never under Laurel's own source.
      expect(INBOUND_EVENT_SCHEMAS[event['detail-type'] as keyof typeof INBOUND_EVENT_SCHEMAS].safeParse(event.detail).success).toBe(true);
      expect(event.source).not.toBe('laurel.issuance');
      return;
    }
    const schema = EVENT_SCHEMAS[event['detail-type'] as keyof typeof EVENT_SCHEMAS];
    expect(schema, event['detail-type']).toBeDefined();
    expect(schema.safeParse(event.detail).success).toBe(true);
    expect(event.source).toBe('laurel.issuance');
  });
});

describe('event JSON Schemas', () => {
  it('are committed as generated from the zod schemas (npm run events:schemas)', async () => {
    const { eventJsonSchemas } = await import('../../events/schemas');
    for (const [file, schema] of Object.entries(eventJsonSchemas())) {
      const committed = JSON.parse(readFileSync(new URL(`../../events/schemas/${file}`, import.meta.url), 'utf8'));
      expect(committed, `${file}: run npm run events:schemas`).toEqual(schema);
    }
  });
});

describe('function configuration', () => {
  it('fails at cold start naming every missing or malformed variable its declaration names', async () => {
    const { loadSettings } = await import('../../shared/wiring/bindings');
    const { SignFn } = await import('../../shared/wiring/workflow');
    const { GetCredentialRecord } = await import('../../shared/wiring/admin');
    expect(() => loadSettings(SignFn, { TABLE_NAME: 't', SENDER_EMAIL: 'nope' })).toThrow(/SENDER_EMAIL/);
    let message = '';
    expect(() => {
      try {
        loadSettings(SignFn, { TABLE_NAME: 't' });
      } catch (e) {
        message = (e as Error).message;
        throw e;
      }
    }).toThrow(/Invalid function configuration/);
    for (const name of ['BUCKET_NAME', 'SIGNING_KEY_ARN', 'EVENT_BUS_NAME', 'ISSUER_ID', 'PUBLIC_BASE_URL']) expect(message).toContain(name);
    expect(message).not.toContain('VC_JWT_KEY_ARN'); // optional: the JWT format may be off
    expect(loadSettings(GetCredentialRecord, { TABLE_NAME: 't', PUBLIC_BASE_URL: 'https://x.example' }).PUBLIC_BASE_URL).toBe('https://x.example/');
  });
});

describe('VC-JWT pieces', () => {
  it('negotiates the JWT form only when asked for ahead of JSON', async () => {
    const { negotiateFormat } = await import('../../shared/use-cases/public-documents');
    expect(negotiateFormat('application/vc+jwt')).toBe('vc+jwt');
    expect(negotiateFormat('application/vc+jwt, application/json;q=0.5')).toBe('vc+jwt');
    expect(negotiateFormat('application/json, application/vc+jwt;q=0.5')).toBe('ld+json');
    expect(negotiateFormat('application/vc+jwt;q=0')).toBe('ld+json');
    expect(negotiateFormat(undefined)).toBe('ld+json');
    expect(negotiateFormat('*/*')).toBe('ld+json');
  });

  it('turns a DER ECDSA signature into JOSE r‖s, padding short integers', async () => {
    const { generateKeyPairSync, sign, verify } = await import('node:crypto');
    const { derToJose } = await import('../../shared/credentials/vc-jwt');
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    for (let i = 0; i < 50; i++) {
      // DER integers are 31–33 bytes; r‖s must verify as the fixed-width IEEE P1363 form.
      const message = Buffer.from(`m${i}`);
      const jose = derToJose(sign('sha256', message, { key: privateKey, dsaEncoding: 'der' }));
      expect(jose).toHaveLength(64);
      expect(verify('sha256', message, { key: publicKey, dsaEncoding: 'ieee-p1363' }, jose)).toBe(true);
    }
    // r = 1, s = 0x80…(33 bytes with a leading zero)
    const der = Buffer.from(`3026020101022100${'80'.padEnd(64, '0')}`, 'hex');
    expect(Buffer.from(derToJose(der)).toString('hex')).toBe(`${'0'.repeat(62)}01${'80'.padEnd(64, '0')}`);
    expect(() => derToJose(Buffer.from('0102', 'hex'))).toThrow(/DER/);
  });
});

describe('the verification page colours', () => {
  it('pick the header text colour for WCAG AA contrast on any brand colour', async () => {
    const { contrast, textOn } = await import('../../shared/page/verification-page');
    expect(contrast('#ffffff', '#000000')).toBeCloseTo(21, 0);
    for (const brand of ['#1d3557', '#ffcc00', '#e63946', '#7fdbff', '#2a9d8f', '#000000', '#ffffff', '#777777', '#767676', '#808080']) {
      expect(contrast(brand, textOn(brand)), brand).toBeGreaterThanOrEqual(4.5);
    }
  });
});

describe('the in-memory cache', () => {
  it('shares a load, expires by age, evicts the oldest, and never keeps a failure', async () => {
    const { memoize } = await import('../../shared/cache');
    let clock = 0;
    let loads = 0;
    const get = memoize(
      async (k: string) => {
        loads++;
        if (k === 'bad') throw new Error('no');
        return `${k}@${clock}`;
      },
      { ttlMs: 100, max: 2, now: () => clock },
    );
    expect(await Promise.all([get('a'), get('a')])).toEqual(['a@0', 'a@0']);
    expect(loads).toBe(1);
    clock = 150;
    expect(await get('a')).toBe('a@150'); // expired: loaded again
    await get('b');
    await get('c'); // evicts a
    expect(await get('a')).toBe('a@150'); // evicted: loaded again
    expect(loads).toBe(5);
    await expect(get('bad')).rejects.toThrow('no');
    await expect(get('bad')).rejects.toThrow('no');
    expect(loads).toBe(7);
  });
});

// Issue #17, section 1: the verification class reads PUBLISHED_PARTITIONS alone (IAM's
// dynamodb:LeadingKeys); what verification needs is there, and personal data is not.
describe('published partitions', () => {
  const published = (pk: string) => PUBLISHED_PARTITIONS.some((p) => pk.startsWith(p));

  it('hold credentials, issuers, their keys and status lists', () => {
    for (const { PK } of [credentialKeys.item('c1'), issuerKeys.profile('main'), issuerKeyKeys.item('main', 'k1'), statusListKeys.list('main', 'revocation', 0), statusListKeys.allocator('main')]) {
      expect(published(PK), PK).toBe(true);
    }
  });

  it('hold no issuance, learner, holding, delivery, upload, batch, idempotency record or audit event', async () => {
    const keys = memoryLearnerKeyer();
    await keys.ready();
    const personal = [
      issuanceKeys.item('i1'),
      holdingKeys.item(keys, 'a1', 1, 'ada@example.edu'),
      deliveryClaimKeys.item('i1', 1),
      uploadKeys.item('u1'),
      batchKeys.item('b1'),
      idempotencyKeys.item('p1', 'k1'),
      auditKeys.event({ type: 'issuance', id: 'i1' }, 1),
      { PK: learnerKeys.partition(keys, { email: 'ada@example.edu' }) },
      achievementKeys.latest('a1'),
    ];
    for (const { PK } of personal) expect(published(PK), PK).toBe(false);
  });
});
