import * as z from '../shared/zod';
import { built } from '../shared/built';
import { inboundCompletionBody } from '../shared/api/inbound-schemas';

/**
 * Domain events Laurel puts on its EventBridge bus. Each detail carries `version`; a breaking
 * change adds a new version next to the old one rather than changing it. Sample events in
 * events/samples/ are validated against these schemas by the tests, and events/*.schema.json
 * (JSON Schema, for consumers in other languages) is generated from them by `npm run events:schemas` (a test keeps the committed files current).
 */
export const EVENT_SOURCE = 'laurel.issuance';

export const DETAIL_TYPES = {
  credentialIssued: 'CredentialIssued',
  issuanceRejected: 'IssuanceRejected',
  issuanceFailed: 'IssuanceFailed',
  issuanceExpired: 'IssuanceExpired',
  issuanceCancelled: 'IssuanceCancelled',
  learnerErased: 'LearnerErased',
  credentialExpiring: 'CredentialExpiring',
  credentialExpired: 'CredentialExpired',
  credentialSuperseded: 'CredentialSuperseded',
  credentialRenewed: 'CredentialRenewed',
  pathwayProgressed: 'PathwayProgressed',
  pathwayCompleted: 'PathwayCompleted',
} as const;

const iso = /* @__PURE__ */ built(() => z.iso.datetime({ offset: true }));

export const credentialIssuedV1 = /* @__PURE__ */ built(() => z.strictObject({
  version: z.literal('1'),
  issuanceId: z.string(),
  credentialId: z.string(),
  credentialUrl: z.url(),
  achievementId: z.string(),
  achievementVersion: z.int().check(z.positive()),
  issuerId: z.string(),
  issuedAt: iso,
}));
export type CredentialIssuedV1 = z.infer<typeof credentialIssuedV1>;

export const issuanceRejectedV1 = /* @__PURE__ */ built(() => z.strictObject({
  version: z.literal('1'),
  issuanceId: z.string(),
  achievementId: z.string(),
  stage: z.enum(['evidence', 'approval']),
  reason: z.string(),
  rejectedAt: iso,
}));
export type IssuanceRejectedV1 = z.infer<typeof issuanceRejectedV1>;

export const issuanceFailedV1 = /* @__PURE__ */ built(() => z.strictObject({
  version: z.literal('1'),
  issuanceId: z.string(),
  achievementId: z.string(),
  step: z.string(),
  error: z.string(),
  cause: z.string(),
  failedAt: iso,
}));
export type IssuanceFailedV1 = z.infer<typeof issuanceFailedV1>;

export const issuanceExpiredV1 = /* @__PURE__ */ built(() => z.strictObject({
  version: z.literal('1'),
  issuanceId: z.string(),
  achievementId: z.string(),
  /** The approval role that did not decide in time, and its 0-based step in the chain. */
  role: z.string(),
  step: z.int().check(z.nonnegative()),
  expiredAt: iso,
}));
export type IssuanceExpiredV1 = z.infer<typeof issuanceExpiredV1>;

/** Staff withdrew a request before it was decided (its learner may be put forward again). */
export const issuanceCancelledV1 = /* @__PURE__ */ built(() => z.strictObject({
  version: z.literal('1'),
  issuanceId: z.string(),
  achievementId: z.string(),
  /** Who cancelled (a staff user name or a machine client), and why. */
  cancelledBy: z.string(),
  reason: z.string(),
  cancelledAt: iso,
}));
export type IssuanceCancelledV1 = z.infer<typeof issuanceCancelledV1>;

/**
 * A learner's personal data was erased (use-cases/learner-erasure.ts): the issuances and
 * credentials it concerned, by id, so that a subscriber (the SIS, a CRM) erases its copies too.
 * Ids only: the learner is named nowhere, not even by a hash.
 */
export const learnerErasedV1 = /* @__PURE__ */ built(() => z.strictObject({
  version: z.literal('1'),
  erasureId: z.string(),
  issuanceIds: z.array(z.string()),
  credentialIds: z.array(z.string()),
  /** The admin who erased (a staff user name). */
  erasedBy: z.string(),
  erasedAt: iso,
}));
export type LearnerErasedV1 = z.infer<typeof learnerErasedV1>;

/**
 * A credential moved a learner along a pathway (shared/use-cases/pathways.ts): how many of the
 * constituents it requires the learner now holds ("2 of 3 toward Z"). Published on each
 * evaluation, at least once: a consumer keeps the latest per learner and pathway version. The
 * learner is a pseudonymous id (the same for every pathway, derived from the learner index key),
 * never an email or a name.
 */
export const pathwayProgressedV1 = /* @__PURE__ */ built(() => z.strictObject({
  version: z.literal('1'),
  pathwayId: z.string(),
  pathwayVersion: z.int().check(z.positive()),
  targetAchievementId: z.string(),
  learnerId: z.string(),
  /** The credential whose issue this evaluation answered. */
  credentialId: z.string(),
  counted: z.int().check(z.nonnegative()),
  required: z.int().check(z.positive()),
  satisfied: z.boolean(),
  progressedAt: iso,
}));
export type PathwayProgressedV1 = z.infer<typeof pathwayProgressedV1>;

/**
 * A learner satisfied a pathway version and its target achievement was requested for them, once:
 * the issuance (which runs Z's own evidence rules and approval policy; CredentialIssued follows
 * when Z is issued) and the constituent credentials it was awarded from, by id.
 */
export const pathwayCompletedV1 = /* @__PURE__ */ built(() => z.strictObject({
  version: z.literal('1'),
  pathwayId: z.string(),
  pathwayVersion: z.int().check(z.positive()),
  targetAchievementId: z.string(),
  learnerId: z.string(),
  issuanceId: z.string(),
  credentialId: z.string(),
  constituentCredentialIds: z.array(z.string()),
  completedAt: iso,
}));
export type PathwayCompletedV1 = z.infer<typeof pathwayCompletedV1>;

/** A credential's `validUntil` passed, and it was neither revoked nor replaced (renewed, corrected) before: once per credential. */
export const credentialExpiredV1 = /* @__PURE__ */ built(() => z.strictObject({
  version: z.literal('1'),
  reminderId: z.string(),
  credentialId: z.string(),
  credentialUrl: z.url(),
  issuanceId: z.string(),
  achievementId: z.string(),
  issuerId: z.string(),
  validUntil: iso,
  learnerReminded: z.boolean(),
}));
export type CredentialExpiredV1 = z.infer<typeof credentialExpiredV1>;

/**
 * A credential expires in `daysBefore` days: one of its achievement's reminder days came (use-cases/
 * reminders.ts), once per day and credential — CredentialExpired's fields and the days left.
 * Whether the learner was emailed (they may have turned reminders off, or their address bounced)
 * is `learnerReminded`; nothing names them. `reminderId` is the same on a redelivery: a
 * subscriber keeps the first.
 */
export const credentialExpiringV1 = /* @__PURE__ */ built(() => z.extend(credentialExpiredV1, { daysBefore: z.int().check(z.positive()) }));
export type CredentialExpiringV1 = z.infer<typeof credentialExpiringV1>;

/**
 * A credential was replaced by a new one — a correction, the learner's name taken off, a renewal —
 * and marked superseded, not revoked: it still verifies, and its page links the current one.
 */
export const credentialSupersededV1 = /* @__PURE__ */ built(() => z.strictObject({
  version: z.literal('1'),
  credentialId: z.string(),
  credentialUrl: z.url(),
  supersededBy: z.string(),
  supersededByUrl: z.url(),
  achievementId: z.string(),
  issuerId: z.string(),
  reason: z.enum(['NAME_WITHDRAWN', 'CORRECTED', 'RENEWED']),
  supersededAt: iso,
}));
export type CredentialSupersededV1 = z.infer<typeof credentialSupersededV1>;

/**
 * A credential was renewed (recertification): the new credential, the one it renews (now
 * superseded, CredentialSuperseded), and the new expiry. Its issue is also CredentialIssued.
 */
export const credentialRenewedV1 = /* @__PURE__ */ built(() => z.strictObject({
  version: z.literal('1'),
  credentialId: z.string(),
  credentialUrl: z.url(),
  renews: z.string(),
  renewsUrl: z.url(),
  issuanceId: z.string(),
  achievementId: z.string(),
  issuerId: z.string(),
  validUntil: z.optional(iso),
  renewedAt: iso,
}));
export type CredentialRenewedV1 = z.infer<typeof credentialRenewedV1>;

/** Detail type → schema, for validating any event Laurel emits. */
export const EVENT_SCHEMAS = {
  [DETAIL_TYPES.credentialIssued]: credentialIssuedV1,
  [DETAIL_TYPES.issuanceRejected]: issuanceRejectedV1,
  [DETAIL_TYPES.issuanceFailed]: issuanceFailedV1,
  [DETAIL_TYPES.issuanceExpired]: issuanceExpiredV1,
  [DETAIL_TYPES.issuanceCancelled]: issuanceCancelledV1,
  [DETAIL_TYPES.learnerErased]: learnerErasedV1,
  [DETAIL_TYPES.credentialExpiring]: credentialExpiringV1,
  [DETAIL_TYPES.credentialExpired]: credentialExpiredV1,
  [DETAIL_TYPES.credentialSuperseded]: credentialSupersededV1,
  [DETAIL_TYPES.credentialRenewed]: credentialRenewedV1,
  [DETAIL_TYPES.pathwayProgressed]: pathwayProgressedV1,
  [DETAIL_TYPES.pathwayCompleted]: pathwayCompletedV1,
} as const;

/**
 * Events Laurel consumes from its own bus, put there by systems inside AWS (issue #21,
 * completions in). Their `source` is the sender's, never EVENT_SOURCE: the rule that reads them
 * refuses Laurel's own, so nothing Laurel emits can loop back in as a completion.
 */
export const INBOUND_DETAIL_TYPES = {
  completionRecorded: 'CompletionRecorded',
} as const;

/**
 * A learner completed a course (functions/inbound/consume-completion-recorded.ts): the signed
 * webhook's body (`POST /inbound/completions`) as the detail, with `version` — a system that
 * posts the webhook puts the same JSON on the bus. `source` in the detail is the completion
 * source's id, which must be an active source of kind `eventbridge`: being let to put events on
 * Laurel's bus (IAM) is its authentication, as the signature is the webhook's.
 */
export const completionRecordedV1 = /* @__PURE__ */ built(() => z.extend(inboundCompletionBody, { version: z.literal('1') }));
export type CompletionRecordedV1 = z.infer<typeof completionRecordedV1>;

export const INBOUND_EVENT_SCHEMAS = {
  [INBOUND_DETAIL_TYPES.completionRecorded]: completionRecordedV1,
} as const;

/** The JSON Schema of each event's detail, emitted and consumed, for producers and consumers in other languages (events/schemas/). */
export function eventJsonSchemas(): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries({ ...EVENT_SCHEMAS, ...INBOUND_EVENT_SCHEMAS }).map(([type, schema]) => [
      `${type.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase()}.v1.schema.json`,
      { $id: `https://laurel.dev/events/${type}/v1`, title: `${type} (version 1) detail`, ...z.toJSONSchema(schema) },
    ]),
  );
}
