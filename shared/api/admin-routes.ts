import * as z from '../zod';
import { achievementRecord } from '../entities/achievement';
import { batchRecord } from '../entities/batch';
import { credentialRecord, credentialSummary } from '../entities/credential';
import { ERASURE_COUNTS } from '../entities/erasure';
import { issuanceRecord, issuanceSummary } from '../entities/issuance';
import { issuerRecord } from '../entities/issuer';
import { pathwayAwardRecord, pathwayRecord } from '../entities/pathway';
import { MAX_EVIDENCE_BYTES } from '../entities/upload';
import { createSubscriptionBody, deliveryView, listDeliveriesQuery, subscriptionView, subscriptionWithSecret, updatedSubscription, updateSubscriptionBody } from './webhook-schemas';
import { slug } from '../domain/fields';
import { noQuery } from './inbound-schemas';
import {
  archiveBody,
  batchCancelBody,
  bulkStatusBody,
  createBatchBody,
  cancelBody,
  compromiseBody,
  correctionBody,
  createAchievementBody,
  createIssuerBody,
  createPathwayBody,
  getPathwayQuery,
  pathwayProgressBody,
  updatePathwayBody,
  decisionBody,
  deliveryAddressBody,
  erasureBody,
  exceptionBody,
  getAchievementQuery,
  idPath,
  imageUploadBody,
  issuerKeyPath,
  issuerPath,
  listAchievementsQuery,
  compareVersionsQuery,
  listBatchesQuery,
  listCredentialsQuery,
  listIssuancesQuery,
  pageQuery,
  pendingApprovalsQuery,
  rejectionBody,
  reportPath,
  reportQuery,
  requestIssuanceBody,
  searchCredentialsBody,
  statusChangeBody,
  updateAchievementBody,
  updateIssuerBody,
} from './schemas';

import { ALL_STAFF, built, route } from './route-def';

/**
 * Every admin route, one export each (shared/api/route-def.ts: RouteDef), in the order of the
 * OpenAPI document; shared/api/routes.ts gathers them into ADMIN_ROUTES. Each is marked pure, as
 * is each schema here and in ./schemas.ts: a function that imports this module as a namespace
 * (`import * as ADMIN_ROUTES from '../../shared/api/admin-routes'`) bundles, and builds at
 * cold start, its own route's schemas only. Nothing but routes is exported here.
 */

// ------------------------------------------------------------------ response shapes

const page = <T extends z.core.$ZodType>(item: T) =>
  z.object({ items: z.array(item), cursor: z.optional(z.string()).check(z.describe('pass as `cursor` for the next page; absent on the last')) });
const achievementView = /* @__PURE__ */ built(() => z.extend(achievementRecord, { lifecycle: z.enum(['active', 'archived']) }));
const issuanceView = /* @__PURE__ */ built(() => z.omit(issuanceRecord, { recipientSalt: true }));
const keyView = /* @__PURE__ */ built(() =>
  z.object({
    keyId: z.string(),
    issuerId: z.string(),
    algorithm: z.string(),
    status: z.enum(['CURRENT', 'RETIRED', 'COMPROMISED']),
    url: z.string(),
    createdAt: z.string(),
  })
);
const auditView = /* @__PURE__ */ built(() =>
  z.object({
    subject: z.object({ type: z.enum(['issuance', 'credential']), id: z.string() }),
    chain: z.object({ valid: z.boolean(), length: z.number().check(z.int()), problem: z.optional(z.string()) }),
    events: z.array(z.looseObject({ seq: z.number().check(z.int()), at: z.string(), action: z.string(), actor: z.looseObject({ kind: z.string(), name: z.string() }) })),
    issuedIn: z
      .optional(z.object({ subject: z.object({ type: z.literal('chunk'), id: z.string() }), row: z.record(z.string(), z.unknown()) }))
      .check(z.describe("cohort rows: the chunk trail whose first event records the issue, and this record's row in it")),
  })
);
const uploadOffer = /* @__PURE__ */ built(() =>
  z.object({
    uploadUrl: z.string(),
    method: z.literal('PUT'),
    headers: z.record(z.string(), z.string()),
    expiresAt: z.string(),
  })
);
const batchView = /* @__PURE__ */ built(() =>
  z.extend(z.omit(batchRecord, { waiting: true }), {
    waitingFor: z.optional(z.object({ kind: z.enum(['start', 'approval']), role: z.optional(z.string()), since: z.string() })),
    progress: z.object({
      phase: z.string().check(z.describe("issuing, 'signed, emails pending', done, needs decision, awaiting approval, …")),
      rows: z.number(),
      queued: z.number(),
      issued: z.number().check(z.describe('signed and stored')),
      delivered: z.number().check(z.describe('emails handed to SES')),
      emailsPending: z.number(),
      failed: z.number(),
      skipped: z.number().check(z.describe('invalid rows, and rows skipped while issuing (the learner already held it)')),
      cancelled: z.number(),
      percent: z.number(),
      ratePerSecond: z.number(),
      etaSeconds: z.nullable(z.number()),
    }),
  })
);
const batchCreated = /* @__PURE__ */ built(() => z.object({ batch: batchView, resubmitted: z.boolean(), upload: z.optional(z.extend(z.omit(uploadOffer, { uploadUrl: true }), { url: z.string() })) }));

const reportView = /* @__PURE__ */ built(() =>
  z.object({
    report: z.string(),
    from: z.string(),
    to: z.string(),
    groupBy: z.array(z.string()),
    rows: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.null()]))),
  })
);

const idempotencyKeyHeader = /* @__PURE__ */ built(() => z.string().check(z.regex(/^[\x21-\x7e]{1,128}$/, 'Idempotency-Key must be 1–128 visible ASCII characters')));

// Achievements
export const createAchievement = /* @__PURE__ */ route(() => ({
  method: 'POST', path: '/achievements', tag: 'Achievements', roles: ['designer'], body: createAchievementBody,
  summary: 'Define an achievement (version 1) with its evidence rules and approval policy',
  response: { status: 201, description: 'the achievement', schema: achievementView },
}));
export const listAchievements = /* @__PURE__ */ route(() => ({
  method: 'GET', path: '/achievements', tag: 'Achievements', roles: ALL_STAFF, query: listAchievementsQuery,
  summary: "An issuer's achievements by name; filter by kind, tag, active or archived",
  response: { status: 200, description: 'a page of achievements', schema: page(achievementView) },
}));
export const getAchievement = /* @__PURE__ */ route(() => ({
  method: 'GET', path: '/achievements/{id}', tag: 'Achievements', roles: ALL_STAFF, params: idPath, query: getAchievementQuery,
  summary: 'An achievement: the latest version, or `?version=` for the one a credential was issued under',
  response: { status: 200, description: 'the achievement, with an ETag of its version', schema: achievementView },
}));
export const updateAchievement = /* @__PURE__ */ route(() => ({
  method: 'PATCH', path: '/achievements/{id}', tag: 'Achievements', roles: ['designer'], params: idPath, body: updateAchievementBody,
  summary: 'Change an achievement: writes a new version; issued credentials keep theirs',
  headers: { 'if-match': { description: 'the ETag of the version you changed; 412 if another change came first', schema: z.string().check(z.maxLength(100)) } },
  response: { status: 200, description: 'the new version', schema: achievementView },
}));
export const archiveAchievement = /* @__PURE__ */ route(() => ({
  method: 'POST', path: '/achievements/{id}/archive', tag: 'Achievements', roles: ['designer'], params: idPath, body: archiveBody,
  summary: 'Archive an achievement: no new issuances; issued credentials stay valid',
  response: { status: 200, description: 'the archived achievement', schema: achievementView },
}));
export const restoreAchievement = /* @__PURE__ */ route(() => ({
  method: 'POST', path: '/achievements/{id}/restore', tag: 'Achievements', roles: ['designer'], params: idPath, body: archiveBody,
  summary: 'Bring an archived achievement back into use',
  response: { status: 200, description: 'the achievement', schema: achievementView },
}));
const fieldChanges = /* @__PURE__ */ built(() => z.array(z.object({ field: z.string(), before: z.optional(z.unknown()), after: z.optional(z.unknown()) })));
const versionSummary = /* @__PURE__ */ built(() =>
  z.object({
    version: z.number().check(z.int()),
    createdAt: z.string(),
    createdBy: z.string(),
    changeNote: z.optional(z.string()),
    changes: fieldChanges.check(z.describe('each defining field that differs from the version before, with both values')),
  }),
);
export const previewAchievement = /* @__PURE__ */ route(() => ({
  method: 'POST', path: '/achievements/preview', tag: 'Achievements', roles: ['designer'], body: createAchievementBody,
  summary: 'The credential a definition would issue, for a sample learner, built by the issuing core; unsigned, nothing stored (the editor’s live preview)',
  response: {
    status: 200,
    description: 'the unsigned credential, the sample learner it names, and its public verification page (HTML) as an employer would see it once issued',
    schema: z.object({ credential: z.looseObject({ id: z.string() }), learner: z.object({ email: z.string(), name: z.string(), studentId: z.string() }), page: z.string(), note: z.string() }),
  },
}));
export const listAchievementVersions = /* @__PURE__ */ route(() => ({
  method: 'GET', path: '/achievements/{id}/versions', tag: 'Achievements', roles: ALL_STAFF, params: idPath, query: pageQuery,
  summary: 'Every version of an achievement, newest first: who wrote it, when, why, and what it changed from the one before',
  response: { status: 200, description: 'a page of versions', schema: page(versionSummary) },
}));
export const compareAchievementVersions = /* @__PURE__ */ route(() => ({
  method: 'GET', path: '/achievements/{id}/changes', tag: 'Achievements', roles: ALL_STAFF, params: idPath, query: compareVersionsQuery,
  summary: 'What differs between two versions (`from`, `to`): each defining field, as it was and as it is',
  response: {
    status: 200,
    description: 'the two versions and the fields that differ',
    schema: z.object({ id: z.string(), from: versionSummary, to: versionSummary, changes: fieldChanges }),
  },
}));
export const uploadAchievementImage = /* @__PURE__ */ route(() => ({
  method: 'POST', path: '/achievements/{id}/image', tag: 'Achievements', roles: ['designer'], params: idPath, body: imageUploadBody,
  summary: 'A presigned URL to upload a badge image; then PATCH the achievement with `image.id` = the returned `imageUrl`',
  response: { status: 201, description: 'where to PUT the image, and its public URL', schema: z.extend(uploadOffer, { imageUrl: z.string() }) },
}));

// Pathways
const awardView = /* @__PURE__ */ built(() =>
  z.extend(z.omit(pathwayAwardRecord, { learnerKey: true, pathwayId: true, targetAchievementId: true }), {
    learnerId: z.string().check(z.describe('a pseudonymous id of the learner (the same in PathwayProgressed and PathwayCompleted)')),
  }),
);
const groupProgress = /* @__PURE__ */ built(() =>
  z.object({ kind: z.enum(['all', 'anyOf']), achievementIds: z.array(z.string()), required: z.int(), met: z.int(), counted: z.array(z.string()).check(z.describe('credential ids counted toward the group')) }),
);
export const createPathway = /* @__PURE__ */ route(() => ({
  method: 'POST', path: '/pathways', tag: 'Pathways', roles: ['designer'], body: createPathwayBody,
  summary: 'Define a pathway (version 1): the constituents it requires, and the achievement it awards by itself once they are held',
  description:
    'Every group must be satisfied: `all` of its achievements, or `anyOf` `count` of them; optionally all within `withinDays` of each other, optionally only credentials still valid (`onlyValid`). ' +
    "The award goes through the target achievement's own evidence rules and approval policy, once per learner and pathway version, with the constituent credentials' URLs as its evidence. " +
    '`onRevoke`: when a constituent is revoked, flag the award for `review` or `suspend` it. Learners are known by their email address (the learner index key).',
  response: { status: 201, description: 'the pathway', schema: pathwayRecord },
}));
export const listPathways = /* @__PURE__ */ route(() => ({
  method: 'GET', path: '/pathways', tag: 'Pathways', roles: ALL_STAFF, query: pageQuery,
  summary: 'The pathways, by name',
  response: { status: 200, description: 'a page of pathways', schema: page(pathwayRecord) },
}));
export const getPathway = /* @__PURE__ */ route(() => ({
  method: 'GET', path: '/pathways/{id}', tag: 'Pathways', roles: ALL_STAFF, params: idPath, query: getPathwayQuery,
  summary: 'A pathway: the latest version, or `?version=` for the one an award satisfied',
  response: { status: 200, description: 'the pathway', schema: pathwayRecord },
}));
export const updatePathway = /* @__PURE__ */ route(() => ({
  method: 'PATCH', path: '/pathways/{id}', tag: 'Pathways', roles: ['designer'], params: idPath, body: updatePathwayBody,
  summary: 'Change a pathway (a new version; awards keep theirs), or archive or restore it (`lifecycle` alone)',
  response: { status: 200, description: 'the pathway as it now is', schema: pathwayRecord },
}));
export const getPathwayProgress = /* @__PURE__ */ route(() => ({
  method: 'POST', path: '/pathways/{id}/progress', tag: 'Pathways', roles: ['issuer', 'registrar', 'auditor'], params: idPath, body: pathwayProgressBody,
  summary: "A learner's progress along a pathway (\"2 of 3 toward Z\"), and its award if made; the learner's email in the body, never in a URL",
  response: {
    status: 200,
    description: 'the progress',
    schema: z.object({
      pathwayId: z.string(),
      pathwayVersion: z.int(),
      targetAchievementId: z.string(),
      learnerId: z.string(),
      summary: z.string(),
      satisfied: z.boolean(),
      counted: z.int(),
      required: z.int(),
      groups: z.array(groupProgress),
      award: z.optional(awardView),
    }),
  },
}));
export const listPathwayAwards = /* @__PURE__ */ route(() => ({
  method: 'GET', path: '/pathways/{id}/awards', tag: 'Pathways', roles: ALL_STAFF, params: idPath, query: pageQuery,
  summary: 'The learners who completed a pathway (by version), the award each was given, and what revoked constituents did to it',
  response: { status: 200, description: 'a page of awards', schema: page(awardView) },
}));

// Issuers and keys
export const createIssuer = /* @__PURE__ */ route(() => ({
  method: 'POST', path: '/issuers', tag: 'Issuers', roles: ['designer'], body: createIssuerBody,
  summary: 'A new issuer (faculty, campus, partner body) with its own Profile and KMS keys',
  response: { status: 201, description: 'the issuer and its first key', schema: z.extend(issuerRecord, { keys: z.array(keyView) }) },
}));
export const listIssuers = /* @__PURE__ */ route(() => ({
  method: 'GET', path: '/issuers', tag: 'Issuers', roles: ALL_STAFF, query: pageQuery,
  summary: 'Issuers by name (the deployment’s default issuer first)',
  response: { status: 200, description: 'a page of issuers', schema: page(issuerRecord) },
}));
export const getIssuer = /* @__PURE__ */ route(() => ({
  method: 'GET', path: '/issuers/{issuerId}', tag: 'Issuers', roles: ALL_STAFF, params: issuerPath,
  summary: "An issuer's Profile as stored",
  response: { status: 200, description: 'the issuer', schema: issuerRecord },
}));
export const updateIssuer = /* @__PURE__ */ route(() => ({
  method: 'PATCH', path: '/issuers/{issuerId}', tag: 'Issuers', roles: ['designer'], params: issuerPath, body: updateIssuerBody,
  summary: 'Change the Profile (name, URL, email, logo, description); new credentials carry it',
  response: { status: 200, description: 'the issuer', schema: issuerRecord },
}));
export const listIssuerKeys = /* @__PURE__ */ route(() => ({
  method: 'GET', path: '/issuers/{issuerId}/keys', tag: 'Issuers', roles: ['designer', 'auditor'], params: issuerPath,
  summary: 'Signing keys with status (CURRENT, RETIRED, COMPROMISED) and public URL',
  response: { status: 200, description: 'the keys', schema: z.object({ items: z.array(keyView) }) },
}));
export const rotateIssuerKey = /* @__PURE__ */ route(() => ({
  method: 'POST', path: '/issuers/{issuerId}/keys/rotate', tag: 'Issuers', roles: ['designer'], params: issuerPath,
  summary: 'A new KMS key becomes current; the old one keeps verifying',
  response: { status: 201, description: 'the new key', schema: keyView },
}));
export const compromiseIssuerKey = /* @__PURE__ */ route(() => ({
  method: 'POST', path: '/issuers/{issuerId}/keys/{keyId}/compromise', tag: 'Issuers', roles: ['admin'], params: issuerKeyPath, body: compromiseBody,
  summary: 'Mark a key compromised: nothing it signed verifies any more',
  response: { status: 200, description: 'the key, now COMPROMISED', schema: z.catchall(keyView, z.unknown()) },
}));
export const listKeyCredentials = /* @__PURE__ */ route(() => ({
  method: 'GET', path: '/issuers/{issuerId}/keys/{keyId}/credentials', tag: 'Issuers', roles: ['designer', 'registrar', 'auditor'], params: issuerKeyPath, query: pageQuery,
  summary: 'What a key signed, oldest first (to reissue after a compromise)',
  response: { status: 200, description: 'a page of credentials', schema: page(credentialSummary) },
}));

// Issuances
export const createIssuance = /* @__PURE__ */ route(() => ({
  method: 'POST', path: '/issuances', tag: 'Issuances', roles: ['issuer'], body: requestIssuanceBody,
  summary: 'Request an issuance to one learner; the workflow runs asynchronously',
  headers: { 'idempotency-key': { description: 'the same key and body return the first issuance; another body is a 409', schema: idempotencyKeyHeader } },
  response: { status: 202, description: 'the issuance; poll its Location', schema: issuanceView },
}));
export const renewCredential = /* @__PURE__ */ route(() => ({
  method: 'POST', path: '/credentials/{id}/renewals', tag: 'Issuances', roles: ['issuer'], params: idPath, body: z.omit(requestIssuanceBody, { achievementId: true, recipient: true }),
  summary: "Renew a credential (recertification): a new issuance of its achievement for the same learner, held to the achievement's renewal policy",
  description:
    "The body is the renewal's evidence, as an issuance request's (continuing education credits, a score, an attestation, evidence URLs and uploaded files). It runs through the same workflow, " +
    "with the renewal policy's rules and approval. The new credential names the one it renews; that one is superseded (not revoked) when the new one is signed. " +
    'Refused (409) for a revoked or already replaced credential, outside the renewal window (opensDaysBefore … graceDays after the expiry), or when the achievement has no renewal policy.',
  headers: { 'idempotency-key': { description: 'the same key and body return the first issuance; another body is a 409', schema: idempotencyKeyHeader } },
  response: { status: 202, description: 'the renewal issuance; poll its Location', schema: issuanceView },
}));
export const listIssuances = /* @__PURE__ */ route(() => ({
  method: 'GET', path: '/issuances', tag: 'Issuances', roles: ['issuer', 'approver', 'registrar', 'auditor'], query: listIssuancesQuery,
  summary: 'Issuances newest first; filter by status, achievement, cohort, campus, programme, requester and date range (default: the last year)',
  response: { status: 200, description: 'a page of issuance summaries', schema: page(issuanceSummary) },
}));
export const getIssuance = /* @__PURE__ */ route(() => ({
  method: 'GET', path: '/issuances/{id}', tag: 'Issuances', roles: ['issuer', 'approver', 'registrar', 'auditor'], params: idPath,
  summary: 'An issuance with every step, decision and delivery; the email is masked for roles that do not need it',
  response: { status: 200, description: 'the issuance', schema: issuanceView },
}));
export const approveIssuance = /* @__PURE__ */ route(() => ({
  method: 'POST', path: '/issuances/{id}/approve', tag: 'Approvals', roles: ['approver'], params: idPath, body: decisionBody,
  summary: 'Approve the pending step (you must hold its role; not your own request; one step per person)',
  response: { status: 200, description: 'the issuance', schema: issuanceView },
}));
export const rejectIssuance = /* @__PURE__ */ route(() => ({
  method: 'POST', path: '/issuances/{id}/reject', tag: 'Approvals', roles: ['approver'], params: idPath, body: rejectionBody,
  summary: 'Reject the pending step, with a reason',
  response: { status: 200, description: 'the issuance', schema: issuanceView },
}));
export const requestException = /* @__PURE__ */ route(() => ({
  method: 'POST', path: '/issuances/{id}/exception', tag: 'Issuances', roles: ['issuer'], params: idPath, body: exceptionBody,
  summary: 'Ask for an exception to the rules a request failed: it goes to approval, flagged, with the justification',
  response: { status: 202, description: 'the issuance, running again', schema: issuanceView },
}));
export const retryIssuance = /* @__PURE__ */ route(() => ({
  method: 'POST', path: '/issuances/{id}/retry', tag: 'Issuances', roles: ['issuer', 'registrar'], params: idPath,
  summary: 'Run a FAILED issuance again, once its cause is fixed',
  response: { status: 202, description: 'the issuance, running again', schema: issuanceView },
}));
export const cancelIssuance = /* @__PURE__ */ route(() => ({
  method: 'POST', path: '/issuances/{id}/cancel', tag: 'Issuances', roles: ['issuer', 'registrar'], params: idPath, body: cancelBody,
  summary: 'Withdraw a request that is not yet decided (REQUESTED or AWAITING_APPROVAL)',
  response: { status: 200, description: 'the cancelled issuance', schema: issuanceView },
}));
/** One approval waiting: what the request is for, who asked, since when, and until when. */
const pendingApprovalItem = /* @__PURE__ */ built(() => z.object({
  issuanceId: z.string(),
  achievementId: z.string(),
  achievementVersion: z.number(),
  /** The achievement version's name, when it is found. */
  achievementName: z.optional(z.string()),
  cohort: z.optional(z.string()),
  role: z.optional(z.string()),
  /** 1-based step of the chain, and the chain's length. */
  step: z.number(),
  steps: z.optional(z.number()),
  exception: z.boolean(),
  justification: z.optional(z.string()),
  requestedBy: z.string(),
  waitingSince: z.optional(z.string()),
  ageMinutes: z.optional(z.number()),
  /** When the step expires if nobody decides it: the achievement's deadline, or the deployment's. */
  dueAt: z.optional(z.string()),
}));
export const listPendingApprovals = /* @__PURE__ */ route(() => ({
  method: 'GET', path: '/approvals', tag: 'Approvals', roles: ['approver', 'registrar', 'auditor'], query: pendingApprovalsQuery,
  summary: 'Pending approvals of a role, oldest first, with their age',
  response: { status: 200, description: 'a page of pending approvals', schema: page(pendingApprovalItem) },
}));
export const createEvidenceUpload = /* @__PURE__ */ route(() => ({
  method: 'POST', path: '/evidence-uploads', tag: 'Issuances', roles: ['issuer'],
  body: z.strictObject({
    fileName: z.string().check(z.minLength(1), z.maxLength(200), z.regex(/^[^/\\\x00-\x1f]+$/, 'a file name without slashes or control characters')),
    contentType: z.string().check(z.regex(/^[a-z]+\/[a-z0-9.+-]+$/i, 'a media type such as application/pdf'), z.maxLength(100)),
    size: z.number().check(z.int(), z.gte(1), z.lte(MAX_EVIDENCE_BYTES, `at most ${MAX_EVIDENCE_BYTES} bytes`)),
  }),
  summary: 'A presigned PUT (15 minutes) for one evidence file; name it in `evidenceFiles` of a request',
  response: { status: 201, description: 'where to PUT the file', schema: z.extend(uploadOffer, { uploadId: z.string(), maxBytes: z.number() }) },
}));
export const getIssuanceAudit = /* @__PURE__ */ route(() => ({
  method: 'GET', path: '/issuances/{id}/audit', tag: 'Audit', roles: ['auditor', 'registrar', 'issuer'], params: idPath,
  summary: "The issuance's hash-chained audit trail, with its verdict",
  response: { status: 200, description: 'the trail', schema: auditView },
}));
export const getEvidencePack = /* @__PURE__ */ route(() => ({
  method: 'GET', path: '/issuances/{id}/evidence-pack', tag: 'Audit', roles: ['auditor', 'registrar'], params: idPath,
  summary: 'The zip an appeal or audit needs: request, evidence, decisions, trail, credential',
  response: { status: 200, description: 'a zip file', mediaTypes: ['application/zip'] },
}));

// Credentials
export const listCredentials = /* @__PURE__ */ route(() => ({
  method: 'GET', path: '/credentials', tag: 'Credentials', roles: ['issuer', 'registrar', 'auditor'], query: listCredentialsQuery,
  summary: 'Credentials newest first; filter by achievement, status, delivery (BOUNCED, COMPLAINED) and date range (default: the last year)',
  response: { status: 200, description: 'a page of credential summaries', schema: page(credentialSummary) },
}));
export const searchCredentials = /* @__PURE__ */ route(() => ({
  method: 'POST', path: '/credentials/search', tag: 'Credentials', roles: ['issuer', 'registrar', 'auditor'], body: searchCredentialsBody,
  summary: "A learner's credentials, found by the hash of their email or student number (sent in the body, never in a URL)",
  response: { status: 200, description: 'a page of credential summaries', schema: page(credentialSummary) },
}));
export const getCredential = /* @__PURE__ */ route(() => ({
  method: 'GET', path: '/credentials/{id}', tag: 'Credentials', roles: ['issuer', 'registrar', 'auditor'], params: idPath,
  summary: 'A credential record: status, revocation or suspension, delivery, signing key, status-list position',
  response: { status: 200, description: 'the credential record', schema: z.extend(credentialRecord, { publicUrl: z.string() }) },
}));
export const revokeCredential = /* @__PURE__ */ route(() => ({
  method: 'POST', path: '/credentials/{id}/revoke', tag: 'Credentials', roles: ['registrar'], params: idPath, body: statusChangeBody,
  summary: 'Revoke (permanent; a reason is required)',
  response: { status: 200, description: 'the credential record', schema: credentialRecord },
}));
export const suspendCredential = /* @__PURE__ */ route(() => ({
  method: 'POST', path: '/credentials/{id}/suspend', tag: 'Credentials', roles: ['registrar'], params: idPath, body: statusChangeBody,
  summary: 'Suspend (reversible; a reason is required)',
  response: { status: 200, description: 'the credential record', schema: credentialRecord },
}));
export const reinstateCredential = /* @__PURE__ */ route(() => ({
  method: 'POST', path: '/credentials/{id}/reinstate', tag: 'Credentials', roles: ['registrar'], params: idPath, body: statusChangeBody,
  summary: 'Lift a suspension',
  response: { status: 200, description: 'the credential record', schema: credentialRecord },
}));
export const changeCredentialStatuses = /* @__PURE__ */ route(() => ({
  method: 'POST', path: '/credentials/status-changes', tag: 'Credentials', roles: ['registrar'], body: bulkStatusBody,
  summary: 'Revoke, suspend or reinstate many credentials (a selection, or every one a batch issued) with one reason; `preview` first says how many and which. 100 a call: pass `cursor` on',
  response: {
    status: 200,
    description: 'what changed, what could not, and (preview) the credentials',
    schema: z.object({
      action: z.string(),
      total: z.number().check(z.int()),
      willChange: z.optional(z.number().check(z.int())),
      credentials: z.array(z.object({ id: z.string(), achievementId: z.string(), status: z.string(), issuedAt: z.string() })),
      changed: z.array(z.string()),
      unchanged: z.array(z.object({ id: z.string(), problem: z.string() })),
      cursor: z.optional(z.string()),
    }),
  },
}));
export const correctCredential = /* @__PURE__ */ route(() => ({
  method: 'POST', path: '/credentials/{id}/corrections', tag: 'Credentials', roles: ['registrar'], params: idPath, body: correctionBody,
  summary: "Correct a credential (the learner's name, a wrong result) or extend its expiry: a new credential, the original superseded",
  description:
    'A signed credential never changes: the correction is a new credential — the same award, issue date and status entry, with the change — and the original is marked superseded, ' +
    'not revoked (a correction is no misconduct): it still verifies, and its page links the current one. The same correction sent twice makes one credential. CredentialSuperseded goes out.',
  response: { status: 201, description: 'the new credential’s record', schema: credentialRecord },
}));
export const resendCredential = /* @__PURE__ */ route(() => ({
  method: 'POST', path: '/credentials/{id}/resend', tag: 'Credentials', roles: ['registrar'], params: idPath,
  body: z.strictObject({ email: z.optional(z.email('must be an email address').check(z.maxLength(254))) }),
  summary: "Send the learner's email again (to a corrected address, if given)",
  response: { status: 202, description: 'the new delivery', schema: z.object({ credentialId: z.string(), messageId: z.optional(z.string()) }) },
}));
export const changeDeliveryAddress = /* @__PURE__ */ route(() => ({
  method: 'PUT', path: '/credentials/{id}/delivery-address', tag: 'Credentials', roles: ['registrar'], params: idPath, body: deliveryAddressBody,
  summary: "Where the learner's emails go from now on (the credential's hashed identity is unchanged)",
  response: { status: 200, description: 'the masked new address', schema: z.object({ credentialId: z.string(), deliveryEmail: z.string() }) },
}));
export const getCredentialAudit = /* @__PURE__ */ route(() => ({
  method: 'GET', path: '/credentials/{id}/audit', tag: 'Audit', roles: ['auditor', 'registrar', 'issuer'], params: idPath,
  summary: "The credential's hash-chained audit trail (status changes), with its verdict",
  response: { status: 200, description: 'the trail', schema: auditView },
}));

// Transcripts (shared/use-cases/clr-transcripts.ts)
export const createTranscript = /* @__PURE__ */ route(() => ({
  method: 'POST', path: '/transcripts', tag: 'Credentials', roles: ['registrar'],
  body: z.strictObject({ email: z.email('must be an email address').check(z.maxLength(254)), pathwayId: z.optional(slug) }),
  summary: "A learner's transcript: their current credentials (all, or a pathway's) as one signed CLR 2.0 ClrCredential; the learner's email in the body, never in a URL",
  description:
    'Each credential is embedded exactly as signed (its proof verifies on its own); a corrected or renewed one as its current version; revoked and suspended ones are left out, expired ones kept. ' +
    "A pathway's award `isParentOf` each credential it was awarded from (associations between achievement ids). With `pathwayId`, only that pathway's target and constituents, and `partial: true`. " +
    'The learner is named by a salted hash of their email only. Each embedded credential records TRANSCRIPT_ISSUED on its trail.',
  response: { status: 200, description: 'the signed ClrCredential', mediaTypes: ['application/ld+json'] },
}));

// Learners
const erasureView = /* @__PURE__ */ built(() => z.object({
  id: z.string(),
  status: z.enum(['RUNNING', 'COMPLETED']),
  requestedBy: z.object({ id: z.string(), name: z.string() }),
  requestedAt: z.string(),
  completedAt: z.optional(z.string()),
  counts: z.object(Object.fromEntries(ERASURE_COUNTS.map((c) => [c, z.number()])) as Record<(typeof ERASURE_COUNTS)[number], z.ZodMiniNumber>),
  waitingFor: z.object({ issuances: z.array(z.string()), batches: z.array(z.string()) }),
  namedCredentials: z.array(z.string()),
}));
export const eraseLearner = /* @__PURE__ */ route(() => ({
  method: 'POST', path: '/learners/erasures', tag: 'Learners', roles: ['admin'], body: erasureBody,
  summary: "Erase a learner's personal data (issuances, index, holdings, evidence, cohort files in every version, sealed audit details); what verification needs stays",
  response: { status: 201, description: 'the erasure: COMPLETED, or RUNNING with what it waits for (continue it)', schema: erasureView },
}));
export const getErasure = /* @__PURE__ */ route(() => ({
  method: 'GET', path: '/learners/erasures/{id}', tag: 'Learners', roles: ['auditor'], params: idPath,
  summary: 'An erasure: its status, counts and what it waits for (names nobody)',
  response: { status: 200, description: 'the erasure', schema: erasureView },
}));
export const continueErasure = /* @__PURE__ */ route(() => ({
  method: 'POST', path: '/learners/erasures/{id}/continue', tag: 'Learners', roles: ['admin'], params: idPath,
  summary: 'Go on with a RUNNING erasure: issuances that were being issued, cohort files left to search',
  response: { status: 200, description: 'the erasure', schema: erasureView },
}));

// Cohort batches
export const createBatch = /* @__PURE__ */ route(() => ({
  method: 'POST', path: '/batches', tag: 'Batches', roles: ['issuer'], body: createBatchBody,
  summary: 'Announce a cohort file (CSV or JSON Lines) for an achievement: a presigned PUT for it; the same file again returns its batch (`resubmitted`)',
  response: { status: 201, description: 'the batch and where to PUT the file', schema: batchCreated },
}));
export const submitBatch = /* @__PURE__ */ route(() => ({
  method: 'POST', path: '/batches/{id}/submit', tag: 'Batches', roles: ['issuer'], params: idPath,
  summary: 'The file is uploaded: validate it (every row, before anything is issued), then issue as the policy says',
  response: { status: 202, description: 'the batch, validating', schema: batchView },
}));
export const listBatches = /* @__PURE__ */ route(() => ({
  method: 'GET', path: '/batches', tag: 'Batches', roles: ['issuer', 'approver', 'registrar', 'auditor'], query: listBatchesQuery,
  summary: 'Cohort batches newest first, each with its progress; filter by status and date range (default: the last year)',
  response: { status: 200, description: 'a page of batches', schema: page(batchView) },
}));
export const getBatch = /* @__PURE__ */ route(() => ({
  method: 'GET', path: '/batches/{id}', tag: 'Batches', roles: ['issuer', 'approver', 'registrar', 'auditor'], params: idPath,
  summary: 'A batch: counts by state (queued, issued, delivered, failed, skipped), rate and ETA, validation problems by line, a sample',
  response: { status: 200, description: 'the batch', schema: batchView },
}));
export const getBatchReport = /* @__PURE__ */ route(() => ({
  method: 'GET', path: '/batches/{id}/report', tag: 'Batches', roles: ['issuer', 'registrar', 'auditor'], params: idPath,
  summary: "Every row's outcome, reason and credential URL, as CSV (a large report redirects to a download)",
  response: { status: 200, description: 'the report', mediaTypes: ['text/csv'] },
}));
export const startBatch = /* @__PURE__ */ route(() => ({
  method: 'POST', path: '/batches/{id}/start', tag: 'Batches', roles: ['issuer'], params: idPath,
  summary: 'Issue the valid rows only, when validation found invalid ones (or cancel, fix the file and upload it as a new batch)',
  response: { status: 202, description: 'the batch', schema: batchView },
}));
export const approveBatch = /* @__PURE__ */ route(() => ({
  method: 'POST', path: '/batches/{id}/approve', tag: 'Batches', roles: ['approver'], params: idPath, body: decisionBody,
  summary: "The batch's one approval (its policy's role; not the batch's requester): every valid row is issued",
  response: { status: 200, description: 'the batch', schema: batchView },
}));
export const rejectBatch = /* @__PURE__ */ route(() => ({
  method: 'POST', path: '/batches/{id}/reject', tag: 'Batches', roles: ['approver'], params: idPath, body: rejectionBody,
  summary: 'Reject the batch, with a reason: nothing is issued',
  response: { status: 200, description: 'the batch', schema: batchView },
}));
export const cancelBatch = /* @__PURE__ */ route(() => ({
  method: 'POST', path: '/batches/{id}/cancel', tag: 'Batches', roles: ['issuer'], params: idPath, body: batchCancelBody,
  summary: 'Stop a batch: rows not yet issued are not issued',
  response: { status: 200, description: 'the batch', schema: batchView },
}));
export const retryBatch = /* @__PURE__ */ route(() => ({
  method: 'POST', path: '/batches/{id}/retry-failed', tag: 'Batches', roles: ['issuer'], params: idPath,
  summary: "Issue a batch's failed and unissued rows again, once it completed or failed while issuing (the same issuance and credential ids: never twice)",
  response: { status: 202, description: 'the batch, running again', schema: batchView },
}));
export const getBatchTemplate = /* @__PURE__ */ route(() => ({
  method: 'GET', path: '/achievements/{id}/batch-template', tag: 'Batches', roles: ALL_STAFF, params: idPath,
  summary: "A CSV template for the achievement's cohort files: its columns (required first) and an example row",
  response: { status: 200, description: 'the template', mediaTypes: ['text/csv'] },
}));

// Webhook subscriptions: events out to the SIS and the CRM (shared/use-cases/webhook-subscriptions.ts, events/webhooks.md)
export const createWebhookSubscription = /* @__PURE__ */ route(() => ({
  method: 'POST', path: '/webhooks/subscriptions', tag: 'Webhooks', roles: ['admin'], body: createSubscriptionBody,
  summary: 'Subscribe an https endpoint to domain events (`eventTypes`, or `*`): each POST is signed (laurel-signature); the secret is answered this once',
  description:
    'Each delivery carries the event (id, type, time, detail) and, when it concerns a learner, `learner.id`: a pseudonymous id of the learner that is the same across this ' +
    "subscription's events and different for every other subscription; `includeStudentNumber` adds the learner's student number. Failed deliveries are retried with backoff for about a day, then DEAD (replayable).",
  response: { status: 201, description: 'the subscription and its signing secret', schema: subscriptionWithSecret },
}));
export const listWebhookSubscriptions = /* @__PURE__ */ route(() => ({
  method: 'GET', path: '/webhooks/subscriptions', tag: 'Webhooks', roles: ['auditor'], query: noQuery,
  summary: 'The webhook subscriptions, oldest first (never their secrets)',
  response: { status: 200, description: 'every subscription', schema: z.object({ items: z.array(subscriptionView) }) },
}));
export const getWebhookSubscription = /* @__PURE__ */ route(() => ({
  method: 'GET', path: '/webhooks/subscriptions/{id}', tag: 'Webhooks', roles: ['auditor'], params: idPath,
  summary: 'A webhook subscription',
  response: { status: 200, description: 'the subscription', schema: subscriptionView },
}));
export const updateWebhookSubscription = /* @__PURE__ */ route(() => ({
  method: 'PATCH', path: '/webhooks/subscriptions/{id}', tag: 'Webhooks', roles: ['admin'], params: idPath, body: updateSubscriptionBody,
  summary:
    'Change a subscription: its name, URL, event types, whether it receives student numbers, or disable (enable) it. Deliveries under way when it was disabled are PAUSED; `status: active` resumes up to 100 of them a call (`morePaused`: call again)',
  response: { status: 200, description: 'the subscription as it now is, and the paused deliveries this call resumed', schema: updatedSubscription },
}));
export const rotateWebhookSecret = /* @__PURE__ */ route(() => ({
  method: 'POST', path: '/webhooks/subscriptions/{id}/rotate-secret', tag: 'Webhooks', roles: ['admin'], params: idPath,
  summary: 'A new signing secret, answered this once; for 24 hours deliveries carry the old signature too',
  response: { status: 200, description: 'the subscription and its new signing secret', schema: subscriptionWithSecret },
}));
export const listWebhookDeliveries = /* @__PURE__ */ route(() => ({
  method: 'GET', path: '/webhooks/subscriptions/{id}/deliveries', tag: 'Webhooks', roles: ['auditor'], params: idPath, query: listDeliveriesQuery,
  summary: "A subscription's deliveries, newest first: `status=DEAD` for the dead letters, `status=PAUSED` for those its disabling stopped; each with its attempts and the last answer",
  response: { status: 200, description: 'a page of deliveries', schema: page(deliveryView) },
}));
export const replayWebhookDelivery = /* @__PURE__ */ route(() => ({
  method: 'POST', path: '/webhooks/deliveries/{id}/replay', tag: 'Webhooks', roles: ['admin'], params: idPath,
  summary: 'Send a DEAD, PAUSED (or DELIVERED) delivery again, its attempts from zero; a PENDING one is left as it is',
  response: { status: 202, description: 'the delivery, and whether this call replayed it', schema: z.object({ delivery: deliveryView, replayed: z.boolean() }) },
}));

// Reports
export const getReport = /* @__PURE__ */ route(() => ({
  method: 'GET', path: '/reports/{report}', tag: 'Reports', roles: ['auditor', 'registrar'], params: reportPath, query: reportQuery,
  summary:
    'issuances: counts (issued, pending, rejected, …, revoked) by achievement, cohort, campus, programme, month; approval-turnaround: median and p90 by achievement; deliveries: delivered, bounced, complained. JSON, or CSV with `Accept: text/csv`',
  response: { status: 200, description: 'the report', schema: reportView, mediaTypes: ['application/json', 'text/csv'] },
}));

// The API describing itself
export const getOpenApi = /* @__PURE__ */ route(() => ({
  method: 'GET', path: '/openapi.json', tag: 'Meta',
  summary: 'This document (OpenAPI 3.1), generated from the schemas the handlers validate with',
  response: { status: 200, description: 'the OpenAPI document', schema: z.looseObject({ openapi: z.string() }) },
}));
