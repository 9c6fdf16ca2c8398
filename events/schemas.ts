import { z } from 'zod';

/**
 * Domain events Laurel puts on its EventBridge bus. Each detail carries `version`; a breaking
 * change adds a new version next to the old one rather than changing it. Sample events in
 * events/samples/ are validated against these schemas by the tests, and events/*.schema.json
 * (JSON Schema, for consumers in other languages) is generated from them by `npm run events:schemas`.
 */
export const EVENT_SOURCE = 'laurel.issuance';

export const DETAIL_TYPES = {
  credentialIssued: 'CredentialIssued',
  issuanceRejected: 'IssuanceRejected',
  issuanceFailed: 'IssuanceFailed',
  issuanceExpired: 'IssuanceExpired',
} as const;

const iso = z.iso.datetime({ offset: true });

export const credentialIssuedV1 = z.strictObject({
  version: z.literal('1'),
  issuanceId: z.string(),
  credentialId: z.string(),
  credentialUrl: z.url(),
  achievementId: z.string(),
  achievementVersion: z.number().int().positive(),
  issuerId: z.string(),
  issuedAt: iso,
});
export type CredentialIssuedV1 = z.infer<typeof credentialIssuedV1>;

export const issuanceRejectedV1 = z.strictObject({
  version: z.literal('1'),
  issuanceId: z.string(),
  achievementId: z.string(),
  stage: z.enum(['evidence', 'approval']),
  reason: z.string(),
  rejectedAt: iso,
});
export type IssuanceRejectedV1 = z.infer<typeof issuanceRejectedV1>;

export const issuanceFailedV1 = z.strictObject({
  version: z.literal('1'),
  issuanceId: z.string(),
  achievementId: z.string(),
  step: z.string(),
  error: z.string(),
  cause: z.string(),
  failedAt: iso,
});
export type IssuanceFailedV1 = z.infer<typeof issuanceFailedV1>;

export const issuanceExpiredV1 = z.strictObject({
  version: z.literal('1'),
  issuanceId: z.string(),
  achievementId: z.string(),
  /** The approval role that did not decide in time, and its 0-based step in the chain. */
  role: z.string(),
  step: z.number().int().nonnegative(),
  expiredAt: iso,
});
export type IssuanceExpiredV1 = z.infer<typeof issuanceExpiredV1>;

/** Detail type → schema, for validating any event Laurel emits. */
export const EVENT_SCHEMAS = {
  [DETAIL_TYPES.credentialIssued]: credentialIssuedV1,
  [DETAIL_TYPES.issuanceRejected]: issuanceRejectedV1,
  [DETAIL_TYPES.issuanceFailed]: issuanceFailedV1,
  [DETAIL_TYPES.issuanceExpired]: issuanceExpiredV1,
} as const;
