import * as z from 'zod';

import { achievementFields } from '../domain/achievement-definition';
import { ISSUANCE_STATUS_VALUES } from '../domain/award';
import { httpUrl, isoDate, slug, text } from '../domain/fields';
import { built } from './route-def';

/**
 * Request and response schemas of the admin API. Handlers validate with them; the OpenAPI
 * document (issue #5) is generated from the same objects. `strictObject` rejects unknown
 * fields, so a typo is a 400 instead of a silently ignored setting.
 * What defines an achievement and an award is domain (shared/domain/), re-exported here. Each
 * schema is built through `built()`, marked pure (shared/api/route-def.ts): a bundle keeps, and
 * builds at cold start, only those its routes use.
 */
export { achievementFields, alignmentInput, approvalPolicy, approvalSteps, evidenceRule, resultDescriptionInput, type ApprovalPolicy, type EvidenceRule } from '../domain/achievement-definition';
export { ISSUANCE_STATUS_VALUES, requestIssuanceBody, type RequestIssuanceBody, type RequestIssuanceInput } from '../domain/award';

export const createAchievementBody = /* @__PURE__ */ built(() =>
  z.strictObject({
    id: slug.optional(),
    /** Which issuer awards it; the deployment's default issuer when absent. */
    issuerId: z.string().regex(/^[a-z0-9-]{1,64}$/, 'not a valid issuer id').optional(),
    ...achievementFields,
  }),
);
export type CreateAchievementBody = z.infer<typeof createAchievementBody>;
/** What a client sends (defaults not yet applied). */
export type CreateAchievementInput = z.input<typeof createAchievementBody>;

export const decisionBody = /* @__PURE__ */ built(() => z.strictObject({ comment: text(2000).optional() }));
export const rejectionBody = /* @__PURE__ */ built(() => z.strictObject({ reason: text(2000) }));

export const idPath = /* @__PURE__ */ built(() => z.strictObject({ id: z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'not a valid id') }));

/** Revoke and suspend need a reason (it goes into the record and the audit trail); reinstate may have one. */
export const statusChangeBody = /* @__PURE__ */ built(() => z.strictObject({ reason: text(2000).optional() }));

const issuerId = /* @__PURE__ */ built(() => z.string().regex(/^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/, 'use lowercase letters, digits and dashes (max 64)'));

export const createIssuerBody = /* @__PURE__ */ built(() =>
  z.strictObject({
    issuerId,
    name: text(200),
    url: z.url({ protocol: /^https$/, error: 'must be an https URL' }),
    email: z.email('must be an email address').optional(),
    description: text(2000).optional(),
    image: z.strictObject({ id: httpUrl, caption: text(500).optional() }).optional(),
  }),
);

export const issuerPath = /* @__PURE__ */ built(() => z.strictObject({ issuerId }));
export const issuerKeyPath = /* @__PURE__ */ built(() => z.strictObject({ issuerId, keyId: z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'not a valid key id') }));

export const compromiseBody = /* @__PURE__ */ built(() =>
  z.strictObject({
    /** When the key is believed to have been exposed. */
    from: isoDate,
    reason: text(2000),
  }),
);

export const pageQuery = /* @__PURE__ */ built(() =>
  z.strictObject({
    limit: z.coerce.number().int().min(1).max(100).default(50),
    cursor: z.string().max(2048).optional(),
  }),
);

/** The fields of an achievement a change may touch; defaults are not re-applied to what is absent. */
const withoutDefault = (schema: z.ZodType) => (schema instanceof z.ZodDefault ? (schema.unwrap() as z.ZodType) : schema);
export const updateAchievementBody = /* @__PURE__ */ built(() =>
  z
    .strictObject({
      ...(Object.fromEntries(Object.entries(achievementFields).map(([k, v]) => [k, withoutDefault(v).optional()])) as {
        [K in keyof typeof achievementFields]: z.ZodOptional<(typeof achievementFields)[K] extends z.ZodDefault<infer T> ? T : (typeof achievementFields)[K]>;
      }),
      /** Why the definition changed; kept with the new version and in the audit trail. */
      changeNote: text(1000).optional(),
    })
    .refine((b) => Object.keys(b).some((k) => k !== 'changeNote'), { message: 'change at least one field', path: [] }),
);
export type UpdateAchievementBody = z.infer<typeof updateAchievementBody>;

export const ACHIEVEMENT_STATES = ['active', 'archived', 'all'] as const;
export const listAchievementsQuery = /* @__PURE__ */ built(() =>
  pageQuery.extend({
    issuerId: issuerId.optional(),
    kind: achievementFields.kind.optional(),
    status: z.enum(ACHIEVEMENT_STATES).default('active'),
    tag: z.string().max(50).optional(),
  }),
);
export const getAchievementQuery = /* @__PURE__ */ built(() => z.strictObject({ version: z.coerce.number().int().min(1).optional() }));
export const archiveBody = /* @__PURE__ */ built(() => z.strictObject({ reason: text(2000).optional() }));

/** Badge images: what verifiers, wallets and LinkedIn render. */
export const IMAGE_TYPES = ['image/png', 'image/svg+xml', 'image/jpeg'] as const;
export const imageUploadBody = /* @__PURE__ */ built(() =>
  z.strictObject({
    contentType: z.enum(IMAGE_TYPES),
    size: z.number().int().min(1).max(2 * 1024 * 1024, 'at most 2 MiB'),
  }),
);

export const updateIssuerBody = /* @__PURE__ */ built(() =>
  z
    .strictObject({
      name: text(200).optional(),
      url: z.url({ protocol: /^https$/, error: 'must be an https URL' }).optional(),
      email: z.email('must be an email address').optional(),
      description: text(2000).optional(),
      image: z.strictObject({ id: httpUrl, caption: text(500).optional() }).optional(),
    })
    .refine((b) => Object.keys(b).length > 0, { message: 'change at least one field', path: [] }),
);

/** A calendar date (a whole day) or an instant. */
export const dateBound = /* @__PURE__ */ built(() => z.union([z.iso.date(), z.iso.datetime({ offset: true })], { error: 'a date (2026-09-01) or an ISO 8601 date-time' }));

const commaList = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .max(500)
    .transform((s) => s.split(',').map((v) => v.trim()).filter(Boolean))
    .pipe(z.array(z.enum(values)).min(1));


export const listIssuancesQuery = /* @__PURE__ */ built(() =>
  pageQuery.extend({
    /** One status or several, comma-separated. */
    status: commaList(ISSUANCE_STATUS_VALUES).optional(),
    achievementId: z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'not a valid id').optional(),
    cohort: z.string().max(100).optional(),
    campus: z.string().max(100).optional(),
    programme: z.string().max(100).optional(),
    /** The requester's user id (`sub`), or `me`. */
    requestedBy: z.string().max(128).optional(),
    from: dateBound.optional(),
    to: dateBound.optional(),
  }),
);
export const pendingApprovalsQuery = /* @__PURE__ */ built(() =>
  z.strictObject({
    role: z.string().regex(/^[a-z][a-z0-9-]{1,39}$/, 'an approval role').default('approver'),
    achievementId: z.string().max(64).optional(),
    cohort: z.string().max(100).optional(),
    olderThanMinutes: z.coerce.number().int().min(0).max(60 * 24 * 365).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
    cursor: z.string().max(2048).optional(),
  }),
);
export const cancelBody = /* @__PURE__ */ built(() => z.strictObject({ reason: text(2000) }));
export const exceptionBody = /* @__PURE__ */ built(() => z.strictObject({ justification: text(5000) }));

export const CREDENTIAL_STATUS_VALUES = ['ACTIVE', 'REVOKED', 'SUSPENDED'] as const;
export const listCredentialsQuery = /* @__PURE__ */ built(() =>
  pageQuery.extend({
    achievementId: z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'not a valid id').optional(),
    status: commaList(CREDENTIAL_STATUS_VALUES).optional(),
    from: dateBound.optional(),
    to: dateBound.optional(),
  }),
);
/** Search by learner: in the body, so an email never lands in a URL or an access log. */
export const searchCredentialsBody = /* @__PURE__ */ built(() =>
  z
    .strictObject({
      email: z.email('must be an email address').max(254).optional(),
      studentId: text(64).optional(),
      achievementId: z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'not a valid id').optional(),
      status: z.array(z.enum(CREDENTIAL_STATUS_VALUES)).min(1).optional(),
      limit: z.number().int().min(1).max(100).default(50),
      cursor: z.string().max(2048).optional(),
    })
    .refine((b) => (b.email ? 1 : 0) + (b.studentId ? 1 : 0) === 1, { message: 'give exactly one of email or studentId', path: ['email'] }),
);
export const deliveryAddressBody = /* @__PURE__ */ built(() => z.strictObject({ email: z.email('must be an email address').max(254) }));

export const REPORTS = ['issuances', 'approval-turnaround', 'deliveries'] as const;
export const REPORT_DIMENSIONS = ['achievement', 'cohort', 'campus', 'programme', 'month'] as const;
export const reportPath = /* @__PURE__ */ built(() => z.strictObject({ report: z.enum(REPORTS) }));
export const reportQuery = /* @__PURE__ */ built(() =>
  z.strictObject({
    from: dateBound,
    to: dateBound.optional(),
    /** Dimensions to group by, comma-separated (issuances report; the others group by achievement). */
    groupBy: commaList(REPORT_DIMENSIONS).default(['achievement', 'month']),
    achievementId: z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'not a valid id').optional(),
    /** `csv` is the same as sending `Accept: text/csv`. */
    format: z.enum(['json', 'csv']).optional(),
  }),
);

/** A cohort file announced before its upload: the hash guards against issuing the same file twice. */
export const createBatchBody = /* @__PURE__ */ built(() =>
  z.strictObject({
    achievementId: slug.or(z.uuid()),
    /** The cohort every row belongs to, for lists, queues and reports. */
    cohort: z.strictObject({ intake: text(100).optional(), programme: text(100).optional(), campus: text(100).optional() }).optional(),
    file: z.strictObject({
      name: z.string().min(1).max(200).regex(/^[^/\\\x00-\x1f]+$/, 'a file name without slashes or control characters'),
      size: z.number().int().min(1).max(200 * 1024 * 1024, 'at most 200 MiB'),
      sha256: z.string().regex(/^[a-fA-F0-9]{64}$/, 'the SHA-256 of the file, 64 hex digits'),
      /** csv (a header row, then one learner per row) or jsonl (one JSON object per line); by default from the name. */
      format: z.enum(['csv', 'jsonl']).optional(),
    }),
    /** stop: wait for staff to start the valid rows (or fix the file); issue-valid: go ahead with the valid rows. */
    onInvalidRows: z.enum(['stop', 'issue-valid']).default('stop'),
  }),
);
export type CreateBatchBody = z.infer<typeof createBatchBody>;
export const batchCancelBody = /* @__PURE__ */ built(() => z.strictObject({ reason: text(2000).optional() }));
