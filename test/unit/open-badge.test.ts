import { bundledDocumentLoader } from '../../shared/credentials/document-loader';
import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { dataLiteracyAchievement, sampleAward } from '../../local/sample-data';
import { createAchievementBody, requestIssuanceBody } from '../../shared/api/schemas';
import { addProof, canonize } from '../../shared/credentials/data-integrity';
import { buildOpenBadgeCredential, type CredentialInput } from '../../shared/credentials/open-badge';
import { identityHash } from '../../shared/credentials/recipient';
import { openBadgeSchemaErrors } from '../../shared/credentials/schema';
import { statusEntry } from '../../shared/credentials/status-list';

const { privateKey } = generateKeyPairSync('ed25519');
const signer = { verificationMethod: 'https://b.example/issuers/main/keys/k1', sign: async (m: Uint8Array) => sign(null, m, privateKey) };

function completeInput(): CredentialInput {
  const achievement = createAchievementBody.parse(dataLiteracyAchievement);
  const { recipient, achievementId: _id, ...award } = requestIssuanceBody.parse(sampleAward());
  return {
    id: 'https://b.example/credentials/c1',
    issuer: { id: 'https://b.example/issuers/main', name: 'Example University', url: 'https://www.example.edu' },
    achievement: { ...achievement, id: 'https://b.example/achievements/data-literacy' },
    recipient: { ...recipient, salt: 'pepper' },
    validFrom: '2026-11-01T00:00:00Z',
    validUntil: '2029-11-01T00:00:00Z',
    awardedDate: '2026-11-01T00:00:00Z',
    credentialStatus: statusEntry('https://b.example/status/main/revocation/0', 'revocation', 7),
    ...award,
  };
}

describe('the complete Open Badges 3.0 credential', () => {
  it('carries alignments, result descriptions, results, evidence, credits and status, and passes the official schema', async () => {
    const credential = await addProof(buildOpenBadgeCredential(completeInput()), signer, { created: '2026-11-01T00:00:00Z', documentLoader: bundledDocumentLoader });
    expect(openBadgeSchemaErrors(credential)).toEqual([]);
    const subject = credential.credentialSubject as any;
    expect(subject.achievement.alignment).toHaveLength(2);
    expect(subject.achievement.alignment[0]).toMatchObject({ type: ['Alignment'], targetFramework: 'ESCO', targetCode: 'S1.2.3' });
    expect(subject.achievement.resultDescription[0]).toMatchObject({ id: 'https://b.example/achievements/data-literacy#result-capstone', type: ['ResultDescription'], resultType: 'Percent' });
    expect(subject.result[0]).toEqual({ type: ['Result'], resultDescription: 'https://b.example/achievements/data-literacy#result-capstone', value: '82', status: 'Completed' });
    expect(subject).toMatchObject({ creditsEarned: 5, term: 'Autumn 2026', name: 'Lee Learner' });
    expect(subject.achievement).toMatchObject({ achievementType: 'MicroCredential', creditsAvailable: 5, humanCode: 'DL-101', inLanguage: 'en' });
    expect((credential as any).evidence[0]).toMatchObject({ type: ['Evidence'], genre: 'Project' });
    expect(credential.credentialStatus).toMatchObject({ statusListIndex: '7' });
  });

  it('expands in safe mode: every term is defined by the bundled contexts', async () => {
    await expect(canonize(buildOpenBadgeCredential(completeInput()), bundledDocumentLoader)).resolves.toContain('purl.imsglobal.org');
  });

  it('hashes every learner identifier and never writes one in clear text', () => {
    const credential = buildOpenBadgeCredential(completeInput());
    const ids = (credential.credentialSubject as any).identifier;
    expect(ids.map((i: any) => i.identityType)).toEqual(['emailAddress', 'sisSourcedId', 'ext:ORCID']);
    expect(ids[1].identityHash).toBe(identityHash('S1234567', 'pepper'));
    const text = JSON.stringify(credential);
    for (const secret of ['lee.learner@example.org', 'S1234567', '0000-0002-1825-0097']) expect(text).not.toContain(secret);
  });

  it('omits the name when the learner did not agree to publish it', () => {
    const input = completeInput();
    const { name: _n, ...recipient } = input.recipient;
    expect((buildOpenBadgeCredential({ ...input, recipient }).credentialSubject as any).name).toBeUndefined();
  });

  it('refuses to sign a credential with an undefined term (safe mode)', async () => {
    const unsigned = { ...buildOpenBadgeCredential(completeInput()), favouriteColour: 'blue' };
    await expect(addProof(unsigned, signer, { created: '2026-11-01T00:00:00Z', documentLoader: bundledDocumentLoader })).rejects.toThrow(/safe mode|undefined|dropped/i);
  });
});
