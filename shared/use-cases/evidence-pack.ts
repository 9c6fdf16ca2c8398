import type { AuditLog } from '../entities/audit';
import type { AchievementRepository } from '../entities/achievement';
import type { CredentialRepository } from '../entities/credential';
import type { IssuanceRepository } from '../entities/issuance';
import { NotFoundError } from '../errors';
import { zip } from '../zip';
import { collectTrail } from './audit';
import type { Artifacts } from '../ports';

export interface EvidencePackDeps {
  issuances: Pick<IssuanceRepository, 'get'>;
  achievements: Pick<AchievementRepository, 'getVersion'>;
  credentials: Pick<CredentialRepository, 'get'>;
  audit: Pick<AuditLog, 'list'>;
  artifacts: Pick<Artifacts, 'read'>;
}

/**
 * Everything an appeal or an audit asks of one award, in one file: the request, the policy
 * version it was judged under, each rule's result, every approval decision, the evidence, the
 * hash-chained trail with its verdict, and the signed credential. The learner's email appears
 * only as the request recorded it (auditors and registrars are entitled to it).
 */
export async function evidencePack(deps: EvidencePackDeps, issuanceId: string): Promise<Buffer> {
  const issuance = await deps.issuances.get(issuanceId);
  if (!issuance) throw new NotFoundError(`No issuance with id '${issuanceId}'.`);
  const [policy, { chain, events: trail, issuedIn }, credentialRecord] = await Promise.all([
    deps.achievements.getVersion(issuance.achievementId, issuance.achievementVersion),
    collectTrail(deps, { type: 'issuance', id: issuance.id }),
    deps.credentials.get(issuance.credentialId),
  ]);
  // What each rule found is sealed apart (personal); once erased, which rules passed remains.
  const checked = [...trail].reverse().find((e) => e.action === 'EVIDENCE_CHECKED');
  const ruleResults = checked ? { ...checked.after, ...(checked.personal?.rules ? { rules: checked.personal.rules } : {}) } : null;
  let credential: string | undefined;
  if (credentialRecord) {
    const stored = await deps.artifacts.read(credentialRecord.artifact.key);
    if (!stored) throw new Error(`the signed credential ${credentialRecord.artifact.key} is missing from the bucket`);
    credential = stored.body;
  }
  const { approval, recipientSalt: _salt, ...request } = issuance;
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  const readme = [
    `Evidence pack for issuance ${issuance.id}`,
    `Achievement ${issuance.achievementId}, version ${issuance.achievementVersion}; status ${issuance.status}.`,
    `Audit trail: ${chain.length} events, hash chain ${chain.valid ? 'intact' : `BROKEN (${chain.problem})`}.`,
    '',
    'request.json       what was requested, by whom, with what award data',
    'policy.json        the achievement version (rules and approval policy) it was judged under',
    'rule-results.json  each evidence rule: passed or failed, and why',
    'approvals.json     every approval decision: step, role, who, when, comment',
    'evidence.json      the evidence submitted, with the SHA-256 of each uploaded file (as carried in the credential)',
    'audit-trail.json   every change, hash-chained (a cohort row\'s issue is its chunk\'s event); check with npm run audit:verify',
    credential ? 'credential.json    the signed credential as stored and served' : 'credential.json    (no credential was issued)',
    '',
  ].join('\n');
  return zip([
    { name: 'README.txt', content: readme },
    { name: 'request.json', content: json({ ...request, ...(approval ? { approval: { ...approval, taskToken: undefined } } : {}) }) },
    { name: 'policy.json', content: json(policy ?? null) },
    { name: 'rule-results.json', content: json(ruleResults) },
    { name: 'approvals.json', content: json(issuance.approvals) },
    {
      name: 'evidence.json',
      content: json({
        evidence: issuance.award.evidence,
        // Uploaded files as the evidence check found them: name, size and SHA-256.
        files: issuance.verifiedFiles,
        attestation: issuance.award.attestation ?? null,
        exception: issuance.award.exception ?? null,
      }),
    },
    { name: 'audit-trail.json', content: json({ chain, events: trail, ...(issuedIn ? { issuedIn } : {}) }) },
    ...(credential ? [{ name: 'credential.json', content: credential }] : []),
  ]);
}
