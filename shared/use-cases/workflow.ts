import { createHash } from 'node:crypto';
import type { Signer } from '../credentials/data-integrity';
import type { OpenBadgeCredential } from '../credentials/open-badge';
import type { Achievement, AchievementRepository } from '../entities/achievement';
import type { CredentialRepository } from '../entities/credential';
import { stepUpdate, type Issuance, type IssuanceRepository, type WorkflowStep } from '../entities/issuance';
import type { IssuerKeyRepository } from '../entities/issuer-key';
import type { AuditEntry, AuditRepository } from '../entities/audit';
import type { DeliveryClaimRepository } from '../entities/delivery-claim';
import type { HoldingRepository } from '../entities/holding';
import type { UploadRepository } from '../entities/upload';
import { loadIssuer, type IssuerRecord, type IssuerRepository } from '../entities/issuer';
import { approvalSteps, type EvidenceRule } from '../domain/achievement-definition';
import type { StatusListRepository } from '../entities/status-list';
import { positionOf } from '../credentials/status-list';
import { currentJwtSigner, currentSigner, type SigningKeyDeps } from './signing-key';
import { allocateStatusPosition, ensureStatusLists, type StatusListDeps } from './status-lists';
import { ConflictError, httpStatusOf, PermanentError, retryTransient, TransientError } from '../errors';
import { credentialBody, credentialIssuedEvent, credentialRecord, signAward, storeSigned, unsignedCredential } from '../issuing/issue-credential';
import type { Artifacts, Clock, DomainEvent, EventBus, KeyVault, Mailer } from '../ports';
import { countBusinessEvent } from '../observability';
import { normalizeEmail } from '../credentials/recipient';
import { publicUrls, type IssuerSettings } from '../issuer';
import { credentialEmail } from '../email/credential-email';
import { DETAIL_TYPES, type IssuanceExpiredV1, type IssuanceFailedV1, type IssuanceRejectedV1 } from '../../events/schemas';

export interface WorkflowDeps {
  achievements: Pick<AchievementRepository, 'getVersion'>;
  issuances: Pick<IssuanceRepository, 'get' | 'recordProgress' | 'endWorkflow' | 'awaitApproval' | 'fixIssuedAt' | 'fixStatusAllocation' | 'recordDeliveryFeedback' | 'archiveDelivery'>;
  credentials: Pick<CredentialRepository, 'putOnce' | 'recordDelivery' | 'get'>;
  keys: Pick<IssuerKeyRepository, 'get' | 'putOnce' | 'list'>;
  issuers: Pick<IssuerRepository, 'get'>;
  lists: Pick<StatusListRepository, 'reserveBlock' | 'get' | 'create' | 'replace'>;
  audit: Pick<AuditRepository, 'append'>;
  holdings: Pick<HoldingRepository, 'release'>;
  deliveryClaims: DeliveryClaimRepository;
  uploads: Pick<UploadRepository, 'get'>;
  /** Signs with the issuers' keys. */
  keyVault: Pick<KeyVault, 'publicMultikey' | 'publicJwk' | 'signer' | 'es256Signer'>;
  /** Credential documents and uploaded evidence. */
  artifacts: Artifacts;
  mailer: Mailer;
  eventBus: EventBus;
  clock: Clock;
  settings: {
    publicBaseUrl: string;
    signingKeyArn: string;
    /** Set when the VC-JWT format is enabled: the default issuer's P-256 key. */
    vcJwtKeyArn?: string;
    issuer: IssuerSettings;
    /** Named in the Store step's detail, for staff who look for the object. */
    bucketName: string;
  };
}

const nowIso = (deps: Pick<WorkflowDeps, 'clock'>) => deps.clock.now().toISOString();

/** The workflow's own entries in the audit trail (staff decisions are recorded by the admin API). */
const WORKFLOW_ACTOR = { kind: 'system' as const, name: 'issuance workflow' };
const audit = (deps: Pick<WorkflowDeps, 'audit'>, issuanceId: string, entry: Omit<AuditEntry, 'actor'>) =>
  deps.audit.append({ type: 'issuance', id: issuanceId }, { actor: WORKFLOW_ACTOR, ...entry });

async function loadIssuance(deps: Pick<WorkflowDeps, 'issuances'>, id: string): Promise<Issuance> {
  const issuance = await deps.issuances.get(id);
  if (!issuance) throw new PermanentError(`issuance ${id} does not exist`);
  return issuance;
}

/** Achievement versions never change once published: read once per execution environment. */
const achievementVersions = new Map<string, Achievement>();
export async function achievementVersion(deps: Pick<WorkflowDeps, 'achievements'>, id: string, version: number): Promise<Achievement> {
  const key = `${id}@${version}`;
  let achievement = achievementVersions.get(key);
  if (!achievement) {
    achievement = await deps.achievements.getVersion(id, version);
    if (!achievement) throw new PermanentError(`achievement ${id} v${version} does not exist`);
    achievementVersions.set(key, achievement);
  }
  return achievement;
}

const loadAchievement = (deps: Pick<WorkflowDeps, 'achievements'>, issuance: Issuance) => achievementVersion(deps, issuance.achievementId, issuance.achievementVersion);

// ---------------------------------------------------------------- EvidenceCheck

type VerifiedFile = Issuance['verifiedFiles'][number];

/** Finds each uploaded evidence file and hashes what is really there (size checked too). */
async function verifyEvidenceFiles(deps: WorkflowDeps, issuance: Issuance): Promise<{ files: VerifiedFile[]; problems: string[] }> {
  const files: VerifiedFile[] = [];
  const problems: string[] = [];
  for (const { uploadId } of issuance.award.evidenceFiles) {
    const upload = await deps.uploads.get(uploadId);
    if (!upload) {
      problems.push(`upload ${uploadId} is unknown or expired`);
      continue;
    }
    const bytes = await deps.artifacts.readBytes(upload.key);
    if (!bytes) {
      problems.push(`'${upload.fileName}' was never uploaded`);
      continue;
    }
    if (bytes.length !== upload.size) {
      problems.push(`'${upload.fileName}' is ${bytes.length} bytes, not the ${upload.size} announced`);
      continue;
    }
    files.push({ uploadId, fileName: upload.fileName, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
  }
  return { files, problems };
}

/** One rule of the policy against what the request submitted, with the reason in words. */
export function evaluateRule(rule: EvidenceRule, award: Issuance['award'], files: { files: VerifiedFile[]; problems: string[] } = { files: [], problems: [] }): EvidenceResult['rules'][number] {
  switch (rule.kind) {
    case 'uploadedFile': {
      const passed = files.files.length >= rule.minFiles && files.problems.length === 0;
      const found = files.files.map((f) => `'${f.fileName}' (sha256 ${f.sha256.slice(0, 12)}…)`).join(', ') || 'none';
      return { rule: 'uploadedFile', passed, reason: `files present: ${found}; ${rule.minFiles} required${files.problems.length ? `; ${files.problems.join('; ')}` : ''}` };
    }
    case 'minimumScore': {
      const result = award.results.find((r) => r.resultKey === rule.resultKey);
      const score = result?.value !== undefined ? Number(result.value) : NaN;
      if (Number.isNaN(score)) return { rule: `minimumScore:${rule.resultKey}`, passed: false, reason: `no numeric '${rule.resultKey}' result was submitted` };
      return { rule: `minimumScore:${rule.resultKey}`, passed: score >= rule.minimum, reason: `'${rule.resultKey}' is ${score}; the minimum is ${rule.minimum}` };
    }
    case 'completionWindow': {
      const window = `${rule.from ?? 'any time'} – ${rule.until ?? 'any time'}`;
      if (!award.completedAt) return { rule: 'completionWindow', passed: false, reason: `no completion date was submitted (window ${window})` };
      const at = Date.parse(award.completedAt);
      const inside = (!rule.from || at >= Date.parse(rule.from)) && (!rule.until || at <= Date.parse(rule.until));
      return { rule: 'completionWindow', passed: inside, reason: `completed ${award.completedAt}; the window is ${window}` };
    }
    case 'minimumAttendance':
      if (award.attendancePercent === undefined) return { rule: 'minimumAttendance', passed: false, reason: `no attendance was submitted (minimum ${rule.percent}%)` };
      return { rule: 'minimumAttendance', passed: award.attendancePercent >= rule.percent, reason: `attendance ${award.attendancePercent}%; the minimum is ${rule.percent}%` };
    case 'evidenceUrl': {
      const url = award.evidence.find((e) => e.id)?.id;
      return { rule: 'evidenceUrl', passed: Boolean(url), reason: url ? `evidence at ${url}` : 'no evidence URL was submitted' };
    }
    case 'attestation':
      return award.attestation
        ? { rule: 'attestation', passed: true, reason: `attested by ${award.attestation.assessor}` }
        : { rule: 'attestation', passed: false, reason: 'no assessor attestation was submitted' };
  }
}

export interface EvidenceResult {
  /** ALREADY_APPROVED: a staff retry of an issuance whose approval was given before it failed. */
  decision: 'AUTO_APPROVED' | 'APPROVAL_REQUIRED' | 'ALREADY_APPROVED' | 'REJECTED';
  rules: { rule: string; passed: boolean; reason: string }[];
}

/**
 * Evaluates the request against the achievement version it was made under. Issue #4 adds the
 * evidence rules; today the rules are that the version exists and the recipient is deliverable.
 */
/**
 * One @, something before it, and a dot inside the domain; no whitespace. Written as a scan:
 * the pattern it replaces (^[^@\s]+@[^@\s]+\.[^@\s]+$) takes quadratic time on some inputs.
 */
export function looksDeliverable(address: string): boolean {
  const at = address.indexOf('@');
  if (at <= 0 || address.includes('@', at + 1) || /\s/.test(address)) return false;
  const dot = address.indexOf('.', at + 2);
  return dot > 0 && dot < address.length - 1;
}

export async function evidenceCheck(deps: WorkflowDeps, issuanceId: string): Promise<EvidenceResult> {
  const issuance = await loadIssuance(deps, issuanceId);
  const achievement = await loadAchievement(deps, issuance);
  const rules: EvidenceResult['rules'] = [
    { rule: 'achievement-version', passed: true, reason: `issued under ${achievement.id} version ${achievement.version}` },
    {
      rule: 'recipient-email',
      passed: looksDeliverable(issuance.recipient.email),
      reason: 'the credential is delivered to the recipient by email',
    },
  ];
  const files = await verifyEvidenceFiles(deps, issuance);
  rules.push(...achievement.rules.map((rule) => evaluateRule(rule, issuance.award, files)));
  const passed = rules.every((r) => r.passed);
  const exception = !passed && issuance.award.exception !== undefined;
  const decision: EvidenceResult['decision'] = !passed
    ? exception
      ? 'APPROVAL_REQUIRED'
      : 'REJECTED'
    : achievement.approval.mode === 'auto'
      ? 'AUTO_APPROVED'
      : issuance.approvals.filter((a) => a.decision === 'APPROVED').length >= approvalSteps(achievement.approval).length
        ? 'ALREADY_APPROVED'
        : 'APPROVAL_REQUIRED';
  await audit(deps, issuanceId, {
    action: 'EVIDENCE_CHECKED',
    after: { decision, rules, policyVersion: achievement.version, exception },
    ...(exception ? { reason: `exception requested: ${issuance.award.exception!.justification}` } : {}),
  });
  await deps.issuances.recordProgress(issuanceId, {
    verifiedFiles: files.files,
    ...stepUpdate(nowIso(deps), 'EvidenceCheck', passed ? 'SUCCEEDED' : 'FAILED', rules.map((r) => `${r.rule}: ${r.passed ? 'passed' : 'failed'}`).join('; ')),
    ...(decision === 'AUTO_APPROVED' ? { ...stepUpdate(nowIso(deps), 'Approval', 'SKIPPED', 'the achievement auto-approves'), status: 'APPROVED' } : {}),
    ...(decision === 'ALREADY_APPROVED' ? { status: 'APPROVED' } : {}),
  });
  return { decision, rules };
}

// ---------------------------------------------------------------- Approval (task token)

/**
 * Stores the task token with the next pending step of the approval chain; the admin API sends
 * it back. The step is the number of steps approved so far, so each loop asks the next role.
 */
export async function requestApproval(deps: WorkflowDeps, issuanceId: string, taskToken: string): Promise<void> {
  const issuance = await loadIssuance(deps, issuanceId);
  const achievement = await loadAchievement(deps, issuance);
  const exception = issuance.award.exception !== undefined;
  const steps = approvalSteps(achievement.approval, exception);
  const step = issuance.approvals.filter((a) => a.decision === 'APPROVED').length;
  const role = steps[step];
  if (!role) throw new PermanentError(`approval step ${step + 1} does not exist: the chain has ${steps.length} steps`);
  const requestedAt = nowIso(deps);
  // Only a request still under way waits for a decision: if the approval deadline fired (or staff
  // cancelled) before this step ran, the issuance has ended and must not be put back in a queue.
  const waiting = await deps.issuances.awaitApproval(
    issuanceId,
    { role, step, steps: steps.length, exception, taskToken, requestedAt },
    stepUpdate(requestedAt, 'Approval', 'WAITING', `step ${step + 1} of ${steps.length}: waiting for the role '${role}'${exception ? ' (exception requested)' : ''}`),
  );
  if (waiting) await audit(deps, issuanceId, { action: 'APPROVAL_REQUESTED', after: { role, step, steps: steps.length, exception } });
}

// ---------------------------------------------------------------- Sign

export const signingKeyDeps = (deps: Pick<WorkflowDeps, 'keys' | 'keyVault' | 'settings' | 'clock'>): SigningKeyDeps => ({
  keys: deps.keys,
  keyVault: deps.keyVault,
  publicBaseUrl: deps.settings.publicBaseUrl,
  defaultIssuerId: deps.settings.issuer.issuerId,
  defaultKeyArn: deps.settings.signingKeyArn,
  ...(deps.settings.vcJwtKeyArn ? { defaultJwtKeyArn: deps.settings.vcJwtKeyArn } : {}),
  clock: deps.clock,
});

export async function issuerProfile(deps: WorkflowDeps, issuerId: string): Promise<IssuerRecord> {
  const issuer = await loadIssuer({ issuers: deps.issuers, defaultIssuer: deps.settings.issuer }, issuerId);
  if (!issuer) throw new PermanentError(`issuer '${issuerId}' does not exist`);
  return issuer;
}

export const statusListDeps = (deps: WorkflowDeps, signer: Signer): StatusListDeps => ({
  lists: deps.lists,
  signer: async () => signer,
  publicBaseUrl: deps.settings.publicBaseUrl,
  clock: deps.clock,
});

/** The issuance's status allocation: taken on the first Sign, kept by every retry. */
async function statusAllocation(deps: WorkflowDeps, issuance: Issuance): Promise<number> {
  if (issuance.statusAllocation !== undefined) return issuance.statusAllocation;
  const candidate = await allocateStatusPosition(deps, issuance.issuerId);
  const updated = await deps.issuances.fixStatusAllocation(issuance.id, candidate);
  if (updated?.statusAllocation === undefined) throw new PermanentError(`issuance ${issuance.id} does not exist`);
  return updated.statusAllocation;
}

/**
 * Builds and signs the credential. `issuedAt` is fixed by the first attempt (if_not_exists), and
 * Ed25519 is deterministic, so a retried Sign produces the very same bytes.
 */
export async function signCredential(
  deps: WorkflowDeps,
  issuanceId: string,
  signer?: Signer,
): Promise<{ credential: OpenBadgeCredential; jwt: string | null }> {
  // One write fixes issuedAt on the first attempt and returns the record for every attempt.
  const issuance = await deps.issuances.fixIssuedAt(issuanceId, nowIso(deps).replace(/\.\d{3}Z$/, 'Z'));
  if (!issuance) throw new PermanentError(`issuance ${issuanceId} does not exist`);
  const achievement = await loadAchievement(deps, issuance);
  const issuedAt = issuance.issuedAt!;
  const urls = publicUrls(deps.settings.publicBaseUrl);
  const { key, signer: kmsKeySigner } = await currentSigner(signingKeyDeps(deps), issuance.issuerId);
  const issuer = await issuerProfile(deps, issuance.issuerId);
  const position = positionOf(await statusAllocation(deps, issuance));
  await ensureStatusLists(statusListDeps(deps, kmsKeySigner), issuance.issuerId, position.listNo);
  const unsigned = unsignedCredential(issuance, achievement, issuer, urls, position, issuedAt);
  // The optional second format: the same credential as a VC-JWT, signed ES256 by the issuer's P-256 key.
  const jwtSigner = deps.settings.vcJwtKeyArn ? (await currentJwtSigner(signingKeyDeps(deps), issuance.issuerId)).signer : undefined;
  const { credential, jwt } = await signAward(unsigned, signer ?? kmsKeySigner, { issuedAt, ...(jwtSigner ? { jwtSigner } : {}) });
  await audit(deps, issuanceId, {
    action: 'SIGNED',
    after: { credentialId: issuance.credentialId, verificationMethod: credential.proof[0]!.verificationMethod, statusListIndex: position.index, statusList: position.listNo, vcJwt: Boolean(jwt) },
  });
  await deps.issuances.recordProgress(issuanceId, { status: 'SIGNED', ...stepUpdate(nowIso(deps), 'Sign', 'SUCCEEDED', `signed with ${key.keyId}${jwt ? ' (and as a VC-JWT)' : ''}`) });
  return { credential, jwt };
}

// ---------------------------------------------------------------- Store

/**
 * Stores both forms once (the issuing core's storeOnce: the same bytes, or a JWT with the same
 * claims, pass; anything else is refused, never overwritten), then the credential record.
 */
export async function storeCredential(deps: WorkflowDeps, issuanceId: string, credential: OpenBadgeCredential, jwt: string | null = null) {
  const issuance = await loadIssuance(deps, issuanceId);
  if (issuance.statusAllocation === undefined || !issuance.issuedAt) throw new PermanentError(`issuance ${issuanceId} was never signed`);
  const stored = await storeSigned(deps.artifacts, issuance.credentialId, { body: credentialBody(credential), jwt }, {
    issuanceId: issuance.id,
    issuedAt: issuance.issuedAt,
    statusAllocation: issuance.statusAllocation,
  });
  const { key, sha256 } = stored.artifact;
  await deps.credentials.putOnce(credentialRecord(issuance, credential, stored, positionOf(issuance.statusAllocation)));
  await audit(deps, issuanceId, { action: 'STORED', after: { artifact: key, sha256 } });
  await deps.audit.append(
    { type: 'credential', id: issuance.credentialId },
    { actor: WORKFLOW_ACTOR, action: 'ISSUED', after: { status: 'ACTIVE', issuanceId: issuance.id, sha256 } },
  );
  await deps.issuances.recordProgress(issuanceId, { status: 'STORED', credentialStatus: 'ACTIVE', artifact: { key, sha256 }, ...stepUpdate(nowIso(deps), 'Store', 'SUCCEEDED', `s3://${deps.settings.bucketName}/${key}`) });
  return { key, sha256 };
}

// ---------------------------------------------------------------- Deliver

/** How long a claimed-but-unconfirmed send blocks another attempt (longer than the step timeout). */
const DELIVERY_LEASE_MS = 5 * 60_000;

/**
 * Sends the learner's email at most once. The message id is recorded after sending; a claim
 * written before sending stops a concurrent or retried attempt from sending again while the
 * first one may still be in flight.
 */
export async function deliverCredential(
  deps: WorkflowDeps,
  issuanceId: string,
  options: { keepStatus?: boolean } = {},
): Promise<{ messageId: string; sent: boolean }> {
  const issuance = await loadIssuance(deps, issuanceId);
  if (issuance.delivery?.messageId) return { messageId: issuance.delivery.messageId, sent: false };
  const now = deps.clock.now();
  const claimedAt = now.toISOString();
  // Delivery n: a resend archived the earlier ones, and claims its own lease.
  const n = issuance.deliveries.length;
  const claimed = await deps.deliveryClaims.claim(issuanceId, n, claimedAt, new Date(now.getTime() - DELIVERY_LEASE_MS).toISOString());
  if (!claimed) throw new TransientError('another attempt is delivering this credential');
  const achievement = await loadAchievement(deps, issuance);
  const urls = publicUrls(deps.settings.publicBaseUrl);
  const email = credentialEmail({
    learnerName: issuance.recipient.name,
    achievementName: achievement.name,
    achievementDescription: achievement.description,
    issuerName: (await issuerProfile(deps, issuance.issuerId)).name,
    credentialUrl: urls.credential(issuance.credentialId),
    issuedAt: issuance.issuedAt ?? now.toISOString(),
    credentialId: issuance.credentialId,
  });
  let messageId: string;
  try {
    ({ messageId } = await deps.mailer.send({
      to: issuance.deliveryEmail ?? issuance.recipient.email,
      subject: email.subject,
      html: email.html,
      text: email.text,
      tags: { issuance: issuance.id, credential: issuance.credentialId },
    }));
  } catch (e) {
    // SES answered with an error (throttling, 5xx, a rejection): nothing was sent, so release the
    // claim and let the retry send. No answer at all (a timeout) is ambiguous: the claim stays
    // until its lease runs out, so the email is never sent twice.
    if (httpStatusOf(e) !== undefined) await deps.deliveryClaims.release(issuanceId, n, claimedAt);
    throw e;
  }
  // The email has gone: recording its id must not be lost to a passing throttle, or every retry
  // would find the claim and none could tell the email was sent. Retry the (idempotent) write.
  await retryTransient(() =>
    deps.issuances.recordProgress(issuanceId, {
      // A cohort row is ISSUED before its email leaves the queue; it stays so.
      ...(options.keepStatus ? {} : { status: 'DELIVERED' }),
      delivery: { messageId, sentAt: nowIso(deps), status: 'SENT' },
      ...stepUpdate(nowIso(deps), 'Deliver', 'SUCCEEDED', `SES message ${messageId}`),
    }),
  );
  await audit(deps, issuanceId, { action: 'DELIVERED', after: { messageId } });
  return { messageId, sent: true };
}

// ---------------------------------------------------------------- Record

const domainEvent = <D extends object>(detailType: string, detail: D): DomainEvent => ({ detailType, detail });

export type Outcome =
  | { outcome: 'ISSUED' }
  | { outcome: 'REJECTED'; stage: 'evidence' | 'approval'; reason: string }
  | { outcome: 'EXPIRED'; error: string }
  | { outcome: 'FAILED'; step: WorkflowStep; error: string; cause: string };

/**
 * Writes the final status and announces it on the bus. Idempotent on status; the event id
 * is derived from the issuance so consumers can drop the rare duplicate of a retried put.
 */
export async function recordOutcome(deps: WorkflowDeps, issuanceId: string, outcome: Outcome) {
  const issuance = await loadIssuance(deps, issuanceId);
  const at = nowIso(deps);
  const urls = publicUrls(deps.settings.publicBaseUrl);
  // Rejected or expired: the learner no longer holds (or awaits) this achievement version. Freed
  // before the status is written, so nobody reading the final status is refused a new request.
  if (outcome.outcome === 'REJECTED' || outcome.outcome === 'EXPIRED') {
    await deps.holdings.release(issuance.achievementId, issuance.achievementVersion, issuance.recipient.email, issuance.id);
  }
  let event: DomainEvent;
  switch (outcome.outcome) {
    case 'ISSUED':
      await deps.issuances.recordProgress(issuanceId, { status: 'ISSUED', ...stepUpdate(nowIso(deps), 'Record', 'SUCCEEDED') });
      event = credentialIssuedEvent({ ...issuance, issuedAt: issuance.issuedAt ?? at }, urls);
      break;
    case 'REJECTED':
      await deps.issuances.endWorkflow(
        issuanceId,
        { status: 'REJECTED', rejection: { stage: outcome.stage, reason: outcome.reason }, ...stepUpdate(nowIso(deps), 'Record', 'SUCCEEDED', 'rejected') },
        false,
      );
      event = domainEvent<IssuanceRejectedV1>(DETAIL_TYPES.issuanceRejected, { version: '1', issuanceId, achievementId: issuance.achievementId, stage: outcome.stage, reason: outcome.reason, rejectedAt: at });
      break;
    case 'EXPIRED': {
      // Under load the deadline can pass before the request for approval was recorded: name the
      // step the policy asked for, then.
      const step = issuance.approvals.filter((a) => a.decision === 'APPROVED').length;
      const pending = issuance.approval ?? {
        step,
        role: approvalSteps((await loadAchievement(deps, issuance)).approval, issuance.award.exception !== undefined)[step] ?? 'unknown',
      };
      await deps.issuances.endWorkflow(
        issuanceId,
        {
          status: 'EXPIRED',
          ...stepUpdate(at, 'Approval', 'FAILED', `step ${(pending?.step ?? 0) + 1} (${pending?.role ?? '?'}) was not decided in time`),
          ...stepUpdate(nowIso(deps), 'Record', 'SUCCEEDED', 'expired'),
        },
        issuance.approval !== undefined,
      );
      event = domainEvent<IssuanceExpiredV1>(DETAIL_TYPES.issuanceExpired, { version: '1', issuanceId, achievementId: issuance.achievementId, role: pending?.role ?? 'unknown', step: pending?.step ?? 0, expiredAt: at });
      break;
    }
    case 'FAILED':
      await deps.issuances.endWorkflow(
        issuanceId,
        {
          status: 'FAILED',
          failure: { step: outcome.step, error: outcome.error, cause: outcome.cause },
          [`steps.${outcome.step}`]: { status: 'FAILED', at, detail: `${outcome.error}: ${outcome.cause}`.slice(0, 1000) },
        },
        issuance.approval !== undefined,
      );
      event = domainEvent<IssuanceFailedV1>(DETAIL_TYPES.issuanceFailed, { version: '1', issuanceId, achievementId: issuance.achievementId, step: outcome.step, error: outcome.error, cause: outcome.cause, failedAt: at });
      break;
  }
  await audit(deps, issuanceId, {
    action: outcome.outcome,
    after: { status: outcome.outcome },
    ...(outcome.outcome === 'REJECTED' ? { reason: `${outcome.stage}: ${outcome.reason}` } : {}),
    ...(outcome.outcome === 'EXPIRED' ? { reason: `approval step ${(issuance.approval?.step ?? 0) + 1} (${issuance.approval?.role}) not decided before its deadline` } : {}),
    ...(outcome.outcome === 'FAILED' ? { reason: `${outcome.step} failed: ${outcome.error}: ${outcome.cause}` } : {}),
  });
  countBusinessEvent(
    ({ ISSUED: 'CredentialIssued', REJECTED: 'IssuanceRejected', EXPIRED: 'IssuanceExpired', FAILED: 'IssuanceFailed' } as const)[outcome.outcome],
  );
  // Every event names the credential it is about, issued or not (its URL is fixed at request time).
  await deps.eventBus.publish([{ ...event, resources: [urls.credential(issuance.credentialId)] }]);
  return { status: outcome.outcome };
}

// ---------------------------------------------------------------- SES feedback

export interface DeliveryFeedback {
  kind: 'DELIVERED' | 'BOUNCED' | 'COMPLAINED';
  messageId: string;
  issuanceId?: string;
  detail?: string;
  at: string;
}

/**
 * Marks an email's fate, as SES reports it, on the issuance and its credential. Feedback about
 * an email that a resend has replaced is ignored: only the current message's fate counts.
 */
export async function recordDeliveryFeedback(deps: WorkflowDeps, feedback: DeliveryFeedback): Promise<'recorded' | 'stale' | 'unknown'> {
  const issuance = feedback.issuanceId ? await deps.issuances.get(feedback.issuanceId) : undefined;
  if (!issuance) return 'unknown';
  const updated = await deps.issuances.recordDeliveryFeedback(issuance.id, feedback.messageId, { status: feedback.kind, at: feedback.at, ...(feedback.detail ? { detail: feedback.detail } : {}) });
  if (!updated) return 'stale';
  if (feedback.kind === 'BOUNCED') countBusinessEvent('DeliveryBounced');
  if (feedback.kind === 'COMPLAINED') countBusinessEvent('DeliveryComplained');
  await deps.credentials.recordDelivery(issuance.credentialId, { status: feedback.kind, at: feedback.at, ...(feedback.detail ? { detail: feedback.detail } : {}) });
  await audit(deps, issuance.id, { action: `EMAIL_${feedback.kind}`, after: { messageId: feedback.messageId }, ...(feedback.detail ? { reason: feedback.detail } : {}) });
  return 'recorded';
}

/**
 * Staff resend the learner's email, optionally to a corrected address. The current delivery is
 * archived and a new one claimed, so the same at-most-once rules apply to the resend.
 */
export async function resendCredentialEmail(deps: WorkflowDeps, issuanceId: string, actor: { id: string; name: string }, email?: string) {
  const issuance = await loadIssuance(deps, issuanceId);
  if (!issuance.delivery?.messageId) throw new ConflictError('The credential has not been delivered yet; there is nothing to resend.');
  const archived = await deps.issuances.archiveDelivery(issuanceId, issuance.delivery.messageId, [...issuance.deliveries, issuance.delivery], email ? normalizeEmail(email) : undefined);
  if (!archived) throw new ConflictError('The delivery changed a moment ago; read the credential and retry.');
  await deps.audit.append(
    { type: 'issuance', id: issuanceId },
    {
      actor: { kind: 'staff', id: actor.id, name: actor.name },
      action: 'RESEND_REQUESTED',
      before: { messageId: issuance.delivery.messageId, status: issuance.delivery.status },
      after: { addressChanged: Boolean(email) },
    },
  );
  return deliverCredential(deps, issuanceId);
}
