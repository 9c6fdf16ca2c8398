import { createHash } from 'node:crypto';
import { redactEmails } from '../domain/redact';
import type { Signer } from '../credentials/data-integrity';
import type { OpenBadgeCredential } from '../credentials/open-badge';
import { learnerOf, stepUpdate, type Issuance, type WorkflowStep } from '../entities/issuance';
import { approvalDeadlineSeconds, approvalSteps, policyFor } from '../domain/achievement-definition';
import { DEFAULT_APPROVAL_TIMEOUT_SECONDS } from '../workflow/contract';
import { positionOf } from '../credentials/status-list';
import { currentJwtSigner, currentSigner } from './signing-key';
import { allocateStatusPosition, ensureStatusLists } from './status-lists';
import { PermanentError } from '../errors';
import { credentialBody, credentialIssuedEvent, credentialRecord, reminderPlanOf, signAward, storeSigned, unsignedCredential } from '../issuing/issue-credential';
import type { DomainEvent } from '../ports';
import { countBusinessEvent } from '../observability';
import { publicUrls } from '../issuer';
import { DETAIL_TYPES, type CredentialRenewedV1, type CredentialSupersededV1, type IssuanceExpiredV1, type IssuanceFailedV1, type IssuanceRejectedV1 } from '../../events/schemas';
import { audit, issuerProfile, loadAchievement, loadIssuance, nowIso, signingKeyDeps, statusListDeps, WORKFLOW_ACTOR, type WorkflowDeps } from './workflow-context';
import { evaluateRule, looksDeliverable, type EvidenceResult, type VerifiedFile } from './evidence-rules';

/**
 * The issuance workflow's steps, each a Lambda task of the state machine (shared/workflow/contract.ts):
 * evidence check, approval request, sign, store and the final record. Delivery, shared with
 * cohorts, is in credential-delivery.ts; what every step reads, in workflow-context.ts.
 */
export type { WorkflowDeps } from './workflow-context';
export type { EvidenceResult } from './evidence-rules';

// ---------------------------------------------------------------- EvidenceCheck

/** Finds each uploaded evidence file and hashes what is really there (size checked too). */
async function verifyEvidenceFiles(deps: Pick<WorkflowDeps, 'uploads' | 'artifacts'>, issuance: Issuance): Promise<{ files: VerifiedFile[]; problems: string[] }> {
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

/** Evaluates the request against the achievement version it was made under: each rule, and that the recipient is deliverable. */
export async function evidenceCheck(
  deps: Pick<WorkflowDeps, 'issuances' | 'achievements' | 'uploads' | 'artifacts' | 'audit' | 'clock'>,
  issuanceId: string,
  defaultApprovalTimeoutSeconds = DEFAULT_APPROVAL_TIMEOUT_SECONDS,
): Promise<EvidenceResult> {
  const issuance = await loadIssuance(deps, issuanceId);
  const achievement = await loadAchievement(deps, issuance);
  const rules: EvidenceResult['rules'] = [
    { rule: 'achievement-version', passed: true, reason: `issued under ${achievement.id} version ${achievement.version}` },
    {
      rule: 'recipient-email',
      passed: looksDeliverable(learnerOf(issuance).email),
      reason: 'the credential is delivered to the recipient by email',
    },
  ];
  const files = await verifyEvidenceFiles(deps, issuance);
  // A renewal is held to the renewal policy's rules and approval (policyFor).
  const policy = policyFor(achievement, issuance);
  rules.push(...policy.rules.map((rule) => evaluateRule(rule, issuance.award, files)));
  const passed = rules.every((r) => r.passed);
  const exception = !passed && issuance.award.exception !== undefined;
  const decision: EvidenceResult['decision'] = !passed
    ? exception
      ? 'APPROVAL_REQUIRED'
      : 'REJECTED'
    : policy.approval.mode === 'auto'
      ? 'AUTO_APPROVED'
      : issuance.approvals.filter((a) => a.decision === 'APPROVED').length >= approvalSteps(policy.approval).length
        ? 'ALREADY_APPROVED'
        : 'APPROVAL_REQUIRED';
  await audit(deps, issuanceId, {
    action: 'EVIDENCE_CHECKED',
    // Which rules passed is the event; what each found (a score, a file) is the learner's, sealed apart.
    after: { decision, rules: rules.map(({ rule, passed }) => ({ rule, passed })), policyVersion: achievement.version, exception },
    personal: { rules },
    ...(exception ? { reason: `exception requested: ${issuance.award.exception!.justification}` } : {}),
  });
  await deps.issuances.recordProgress(issuanceId, {
    verifiedFiles: files.files,
    ...stepUpdate(nowIso(deps), 'EvidenceCheck', passed ? 'SUCCEEDED' : 'FAILED', rules.map((r) => `${r.rule}: ${r.passed ? 'passed' : 'failed'}`).join('; ')),
    ...(decision === 'AUTO_APPROVED' ? { ...stepUpdate(nowIso(deps), 'Approval', 'SKIPPED', 'the achievement auto-approves'), status: 'APPROVED' } : {}),
    ...(decision === 'ALREADY_APPROVED' ? { status: 'APPROVED' } : {}),
  });
  return { decision, rules, approvalTimeoutSeconds: approvalDeadlineSeconds(policy.approval, defaultApprovalTimeoutSeconds) };
}

// ---------------------------------------------------------------- Approval (task token)

/**
 * Stores the task token with the next pending step of the approval chain; the admin API sends
 * it back. The step is the number of steps approved so far, so each loop asks the next role.
 */
export async function requestApproval(deps: Pick<WorkflowDeps, 'issuances' | 'achievements' | 'audit' | 'clock'>, issuanceId: string, taskToken: string, timeoutSeconds?: number): Promise<void> {
  const issuance = await loadIssuance(deps, issuanceId);
  const achievement = await loadAchievement(deps, issuance);
  const exception = issuance.award.exception !== undefined;
  const steps = approvalSteps(policyFor(achievement, issuance).approval, exception);
  const step = issuance.approvals.filter((a) => a.decision === 'APPROVED').length;
  const role = steps[step];
  if (!role) throw new PermanentError(`approval step ${step + 1} does not exist: the chain has ${steps.length} steps`);
  const requestedAt = nowIso(deps);
  // When the step expires unanswered (the state's TimeoutSecondsPath): shown to approvers and chasers.
  const dueAt = timeoutSeconds ? new Date(Date.parse(requestedAt) + timeoutSeconds * 1000).toISOString() : undefined;
  // Only a request still under way waits for a decision: if the approval deadline fired (or staff
  // cancelled) before this step ran, the issuance has ended and must not be put back in a queue.
  const waiting = await deps.issuances.awaitApproval(
    issuanceId,
    { role, step, steps: steps.length, exception, taskToken, requestedAt, ...(dueAt ? { dueAt } : {}) },
    stepUpdate(requestedAt, 'Approval', 'WAITING', `step ${step + 1} of ${steps.length}: waiting for the role '${role}'${exception ? ' (exception requested)' : ''}`),
  );
  if (waiting) await audit(deps, issuanceId, { action: 'APPROVAL_REQUESTED', after: { role, step, steps: steps.length, exception, ...(dueAt ? { dueAt } : {}) } });
}

// ---------------------------------------------------------------- Sign

export const RENEWED = 'Renewed: a new credential replaces this one.';

/**
 * A renewal marks the credential it renews superseded before it signs, once: by this issuance's
 * credential (a retry finds its own mark), never by a second renewal (that one fails here, before
 * anything is signed), never a revoked credential. Superseded, not revoked: it still verifies.
 */
async function supersedeRenewed(deps: Pick<WorkflowDeps, 'credentials'>, issuance: Issuance, signedAt: string) {
  const originalId = issuance.renews!.credentialId;
  const original = await deps.credentials.get(originalId);
  if (!original) throw new PermanentError(`the credential ${originalId} this renews does not exist`);
  if (original.supersededBy?.credentialId === issuance.credentialId) return;
  if (original.status === 'REVOKED') throw new PermanentError(`the credential ${originalId} was revoked: a revoked credential is not renewed`);
  const marked = await deps.credentials.markSuperseded(originalId, { credentialId: issuance.credentialId, at: signedAt, reason: RENEWED });
  const by = marked?.supersededBy?.credentialId ?? (await deps.credentials.get(originalId))?.supersededBy?.credentialId;
  if (by !== issuance.credentialId) throw new PermanentError(`the credential ${originalId} was already replaced by ${by}: renewed or corrected by another request`);
}

/** The issuance's status allocation: taken on the first Sign, kept by every retry. */
async function statusAllocation(deps: Pick<WorkflowDeps, 'issuances' | 'lists' | 'settings' | 'clock'>, issuance: Issuance): Promise<number> {
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
  deps: Pick<WorkflowDeps, 'issuances' | 'achievements' | 'credentials' | 'keys' | 'keyVault' | 'issuers' | 'lists' | 'audit' | 'settings' | 'clock' | 'archive'>,
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
  if (issuance.renews) await supersedeRenewed(deps, issuance, issuedAt);
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
export async function storeCredential(deps: Pick<WorkflowDeps, 'issuances' | 'achievements' | 'artifacts' | 'credentials' | 'audit' | 'settings' | 'clock'>, issuanceId: string, credential: OpenBadgeCredential, jwt: string | null = null) {
  const issuance = await loadIssuance(deps, issuanceId);
  if (issuance.statusAllocation === undefined || !issuance.issuedAt) throw new PermanentError(`issuance ${issuanceId} was never signed`);
  const stored = await storeSigned(deps.artifacts, issuance.credentialId, { body: credentialBody(credential), jwt }, {
    issuanceId: issuance.id,
    issuedAt: issuance.issuedAt,
    statusAllocation: issuance.statusAllocation,
  });
  const { key, sha256 } = stored.artifact;
  const achievement = await loadAchievement(deps, issuance);
  await deps.credentials.putOnce(credentialRecord(issuance, credential, stored, positionOf(issuance.statusAllocation)), reminderPlanOf(achievement));
  await audit(deps, issuanceId, { action: 'STORED', after: { artifact: key, sha256 } });
  // The credential's trail begins with its issue, once: a retried Store does not issue it again.
  await deps.audit.begin(
    { type: 'credential', id: issuance.credentialId },
    { actor: WORKFLOW_ACTOR, action: 'ISSUED', after: { status: 'ACTIVE', issuanceId: issuance.id, sha256 } },
  );
  await deps.issuances.recordProgress(issuanceId, { status: 'STORED', credentialStatus: 'ACTIVE', artifact: { key, sha256 }, ...stepUpdate(nowIso(deps), 'Store', 'SUCCEEDED', `s3://${deps.settings.bucketName}/${key}`) });
  return { key, sha256 };
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
export async function recordOutcome(deps: Pick<WorkflowDeps, 'issuances' | 'achievements' | 'credentials' | 'holdings' | 'eventBus' | 'audit' | 'settings' | 'clock'>, issuanceId: string, outcome: Outcome) {
  const issuance = await loadIssuance(deps, issuanceId);
  const at = nowIso(deps);
  const urls = publicUrls(deps.settings.publicBaseUrl);
  // Rejected or expired: the learner no longer holds (or awaits) this achievement version. Freed
  // before the status is written, so nobody reading the final status is refused a new request.
  if (outcome.outcome === 'REJECTED' || outcome.outcome === 'EXPIRED') {
    await deps.holdings.release(issuance.achievementId, issuance.achievementVersion, learnerOf(issuance).email, issuance.id);
  }
  let event: DomainEvent;
  let renewal: DomainEvent[] = [];
  switch (outcome.outcome) {
    case 'ISSUED':
      await deps.issuances.recordProgress(issuanceId, { status: 'ISSUED', ...stepUpdate(nowIso(deps), 'Record', 'SUCCEEDED') });
      event = credentialIssuedEvent({ ...issuance, issuedAt: issuance.issuedAt ?? at }, urls);
      if (issuance.renews) renewal = await recordRenewal(deps, issuance, urls);
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
        role: approvalSteps(policyFor(await loadAchievement(deps, issuance), issuance).approval, issuance.award.exception !== undefined)[step] ?? 'unknown',
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
    case 'FAILED': {
      // A step's error can quote the learner's address (SES does): stored and announced without it.
      const cause = redactEmails(outcome.cause);
      await deps.issuances.endWorkflow(
        issuanceId,
        {
          status: 'FAILED',
          failure: { step: outcome.step, error: outcome.error, cause },
          [`steps.${outcome.step}`]: { status: 'FAILED', at, detail: `${outcome.error}: ${cause}`.slice(0, 1000) },
        },
        issuance.approval !== undefined,
      );
      event = domainEvent<IssuanceFailedV1>(DETAIL_TYPES.issuanceFailed, { version: '1', issuanceId, achievementId: issuance.achievementId, step: outcome.step, error: outcome.error, cause, failedAt: at });
      break;
    }
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
  await deps.eventBus.publish([{ ...event, resources: [urls.credential(issuance.credentialId)] }, ...renewal]);
  return { status: outcome.outcome };
}

/** A renewal issued: the renewed credential's trail says so, and CredentialRenewed and CredentialSuperseded go out. */
async function recordRenewal(deps: Pick<WorkflowDeps, 'credentials' | 'audit'>, issuance: Issuance, urls: ReturnType<typeof publicUrls>): Promise<DomainEvent[]> {
  const originalId = issuance.renews!.credentialId;
  const [original, renewed] = await Promise.all([deps.credentials.get(originalId), deps.credentials.get(issuance.credentialId)]);
  const at = original?.supersededBy?.at ?? issuance.issuedAt!;
  await deps.audit.append({ type: 'credential', id: originalId }, { actor: WORKFLOW_ACTOR, action: 'SUPERSEDED', after: { supersededBy: issuance.credentialId }, reason: RENEWED }, at);
  const renewedDetail: CredentialRenewedV1 = {
    version: '1',
    credentialId: issuance.credentialId,
    credentialUrl: urls.credential(issuance.credentialId),
    renews: originalId,
    renewsUrl: urls.credential(originalId),
    issuanceId: issuance.id,
    achievementId: issuance.achievementId,
    issuerId: issuance.issuerId,
    ...(renewed?.validUntil ? { validUntil: renewed.validUntil } : {}),
    renewedAt: at,
  };
  const supersededDetail: CredentialSupersededV1 = {
    version: '1',
    credentialId: originalId,
    credentialUrl: urls.credential(originalId),
    supersededBy: issuance.credentialId,
    supersededByUrl: urls.credential(issuance.credentialId),
    achievementId: issuance.achievementId,
    issuerId: issuance.issuerId,
    reason: 'RENEWED',
    supersededAt: at,
  };
  return [
    { detailType: DETAIL_TYPES.credentialRenewed, detail: renewedDetail, resources: [renewedDetail.credentialUrl, renewedDetail.renewsUrl] },
    { detailType: DETAIL_TYPES.credentialSuperseded, detail: supersededDetail, resources: [supersededDetail.credentialUrl] },
  ];
}

