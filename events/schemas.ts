import * as z from '../shared/zod';
import { built } from '../shared/built';

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

/** Detail type → schema, for validating any event Laurel emits. */
export const EVENT_SCHEMAS = {
  [DETAIL_TYPES.credentialIssued]: credentialIssuedV1,
  [DETAIL_TYPES.issuanceRejected]: issuanceRejectedV1,
  [DETAIL_TYPES.issuanceFailed]: issuanceFailedV1,
  [DETAIL_TYPES.issuanceExpired]: issuanceExpiredV1,
  [DETAIL_TYPES.issuanceCancelled]: issuanceCancelledV1,
  [DETAIL_TYPES.learnerErased]: learnerErasedV1,
} as const;

/** The JSON Schema of each event's detail, for consumers in other languages (events/schemas/). */
export function eventJsonSchemas(): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(EVENT_SCHEMAS).map(([type, schema]) => [
      `${type.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase()}.v1.schema.json`,
      { $id: `https://laurel.dev/events/${type}/v1`, title: `${type} (version 1) detail`, ...z.toJSONSchema(schema) },
    ]),
  );
}
