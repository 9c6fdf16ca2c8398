import * as z from '../zod';

import { achievementFields } from '../domain/achievement-definition';
import { ISSUANCE_STATUS_VALUES, requestIssuanceBody } from '../domain/award';
import { BATCH_STATUSES } from '../entities/batch';
import { pathwayFields } from '../entities/pathway';
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
    id: z.optional(slug),
    /** Which issuer awards it; the deployment's default issuer when absent. */
    issuerId: z.optional(z.string().check(z.regex(/^[a-z0-9-]{1,64}$/, 'not a valid issuer id'))),
    ...achievementFields,
  }),
);
export type CreateAchievementBody = z.infer<typeof createAchievementBody>;
/** What a client sends (defaults not yet applied). */
export type CreateAchievementInput = z.input<typeof createAchievementBody>;

export const decisionBody = /* @__PURE__ */ built(() => z.strictObject({ comment: z.optional(text(2000)) }));
export const rejectionBody = /* @__PURE__ */ built(() => z.strictObject({ reason: text(2000) }));

export const idPath = /* @__PURE__ */ built(() => z.strictObject({ id: z.string().check(z.regex(/^[A-Za-z0-9-]{1,64}$/, 'not a valid id')) }));

/**
 * A correction of a signed credential (a reissue, the original superseded): the learner's name as
 * it should read, the results as they should be, or a later expiry; and why, for the trail.
 */
export const correctionBody = /* @__PURE__ */ built(() =>
  z
    .strictObject({
      name: z.optional(text(200)),
      /** With `name`: show it on the credential (the learner's consent); without, the original's choice. */
      publishName: z.optional(z.boolean()),
      results: z.optional(requestIssuanceBody.shape.results.def.innerType),
      /** An extension: the new expiry, after the current one. */
      validUntil: z.optional(isoDate),
      reason: text(2000),
    })
    .check(z.refine((b) => b.name !== undefined || b.publishName !== undefined || b.results !== undefined || b.validUntil !== undefined, { message: 'change the name, the results or the expiry', path: [] })),
);

/** Revoke and suspend need a reason (it goes into the record and the audit trail); reinstate may have one. */
export const statusChangeBody = /* @__PURE__ */ built(() => z.strictObject({ reason: z.optional(text(2000)) }));

const issuerId = /* @__PURE__ */ built(() => z.string().check(z.regex(/^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/, 'use lowercase letters, digits and dashes (max 64)')));

/** LinkedIn's numeric organization id (the number in a company page's admin URL). */
const linkedInOrganizationId = /* @__PURE__ */ built(() => z.string().check(z.regex(/^\d{1,20}$/, "LinkedIn's numeric organization id, digits only")));

/** The issuer's public directory: off unless enabled; search engines may index it only if allowed. */
const directorySettings = /* @__PURE__ */ built(() => z.strictObject({ enabled: z.boolean(), searchEngines: z.boolean() }));

export const createIssuerBody = /* @__PURE__ */ built(() =>
  z.strictObject({
    issuerId,
    name: text(200),
    url: z.url({ protocol: /^https$/, error: 'must be an https URL' }),
    email: z.optional(z.email('must be an email address')),
    description: z.optional(text(2000)),
    image: z.optional(z.strictObject({ id: httpUrl, caption: z.optional(text(500)) })),
    linkedInOrganizationId: z.optional(linkedInOrganizationId),
    directory: z.optional(directorySettings),
  }),
);

export const issuerPath = /* @__PURE__ */ built(() => z.strictObject({ issuerId }));
export const issuerKeyPath = /* @__PURE__ */ built(() => z.strictObject({ issuerId, keyId: z.string().check(z.regex(/^[A-Za-z0-9-]{1,64}$/, 'not a valid key id')) }));

export const compromiseBody = /* @__PURE__ */ built(() =>
  z.strictObject({
    /** When the key is believed to have been exposed. */
    from: isoDate,
    reason: text(2000),
  }),
);

export const pageQuery = /* @__PURE__ */ built(() =>
  z.strictObject({
    limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 50),
    cursor: z.optional(z.string().check(z.maxLength(2048))),
  }),
);

/** The fields of an achievement a change may touch; defaults are not re-applied to what is absent. */
const withoutDefault = (schema: z.core.$ZodType) => (schema instanceof z.$ZodDefault ? (schema._zod.def.innerType as z.core.$ZodType) : schema);
export const updateAchievementBody = /* @__PURE__ */ built(() =>
  z
    .strictObject({
      ...(Object.fromEntries(Object.entries(achievementFields).map(([k, v]) => [k, z.optional(withoutDefault(v))])) as {
        [K in keyof typeof achievementFields]: z.ZodMiniOptional<(typeof achievementFields)[K] extends z.core.$ZodDefault<infer T> ? T : (typeof achievementFields)[K]>;
      }),
      /** Why the definition changed; kept with the new version and in the audit trail. */
      changeNote: z.optional(text(1000)),
    })
    .check(z.refine((b) => Object.keys(b).some((k) => k !== 'changeNote'), { message: 'change at least one field', path: [] })),
);
export type UpdateAchievementBody = z.infer<typeof updateAchievementBody>;

export const ACHIEVEMENT_STATES = ['active', 'archived', 'all'] as const;
export const listAchievementsQuery = /* @__PURE__ */ built(() =>
  z.extend(pageQuery, {
    issuerId: z.optional(issuerId),
    kind: z.optional(achievementFields.kind),
    status: z._default(z.enum(ACHIEVEMENT_STATES), 'active'),
    tag: z.optional(z.string().check(z.maxLength(50))),
  }),
);
export const getAchievementQuery = /* @__PURE__ */ built(() => z.strictObject({ version: z.optional(z.coerce.number().check(z.int(), z.gte(1))) }));
export const compareVersionsQuery = /* @__PURE__ */ built(() =>
  z.strictObject({ from: z.coerce.number().check(z.int(), z.gte(1)), to: z.coerce.number().check(z.int(), z.gte(1)) }),
);
export const archiveBody = /* @__PURE__ */ built(() => z.strictObject({ reason: z.optional(text(2000)) }));

/** Badge images: what verifiers, wallets and LinkedIn render. */
export const IMAGE_TYPES = ['image/png', 'image/svg+xml', 'image/jpeg'] as const;
export const imageUploadBody = /* @__PURE__ */ built(() =>
  z.strictObject({
    contentType: z.enum(IMAGE_TYPES),
    size: z.number().check(z.int(), z.gte(1), z.lte(2 * 1024 * 1024, 'at most 2 MiB')),
  }),
);

export const updateIssuerBody = /* @__PURE__ */ built(() =>
  z
    .strictObject({
      name: z.optional(text(200)),
      url: z.optional(z.url({ protocol: /^https$/, error: 'must be an https URL' })),
      email: z.optional(z.email('must be an email address')),
      description: z.optional(text(2000)),
      image: z.optional(z.strictObject({ id: httpUrl, caption: z.optional(text(500)) })),
      linkedInOrganizationId: z.optional(linkedInOrganizationId),
      directory: z.optional(directorySettings),
    })
    .check(z.refine((b) => Object.keys(b).length > 0, { message: 'change at least one field', path: [] })),
);

/** A calendar date (a whole day) or an instant. */
export const dateBound = /* @__PURE__ */ built(() => z.union([z.iso.date(), z.iso.datetime({ offset: true })], { error: 'a date (2026-09-01) or an ISO 8601 date-time' }));

const commaList = <T extends readonly [string, ...string[]]>(values: T) =>
  z.pipe(
    z.pipe(
      z.string().check(z.maxLength(500)),
      z.transform((s: string) => s.split(',').map((v) => v.trim()).filter(Boolean)),
    ),
    z.array(z.enum(values)).check(z.minLength(1)),
  );


export const listIssuancesQuery = /* @__PURE__ */ built(() =>
  z.extend(pageQuery, {
    /** One status or several, comma-separated. */
    status: z.optional(commaList(ISSUANCE_STATUS_VALUES)),
    achievementId: z.optional(z.string().check(z.regex(/^[A-Za-z0-9-]{1,64}$/, 'not a valid id'))),
    cohort: z.optional(z.string().check(z.maxLength(100))),
    campus: z.optional(z.string().check(z.maxLength(100))),
    programme: z.optional(z.string().check(z.maxLength(100))),
    /** The requester's user id (`sub`), or `me`. */
    requestedBy: z.optional(z.string().check(z.maxLength(128))),
    from: z.optional(dateBound),
    to: z.optional(dateBound),
  }),
);
export const pendingApprovalsQuery = /* @__PURE__ */ built(() =>
  z.strictObject({
    role: z._default(z.string().check(z.regex(/^[a-z][a-z0-9-]{1,39}$/, 'an approval role')), 'approver'),
    achievementId: z.optional(z.string().check(z.maxLength(64))),
    cohort: z.optional(z.string().check(z.maxLength(100))),
    olderThanMinutes: z.optional(z.coerce.number().check(z.int(), z.gte(0), z.lte(60 * 24 * 365))),
    limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 50),
    cursor: z.optional(z.string().check(z.maxLength(2048))),
  }),
);
export const cancelBody = /* @__PURE__ */ built(() => z.strictObject({ reason: text(2000) }));
export const exceptionBody = /* @__PURE__ */ built(() => z.strictObject({ justification: text(5000) }));

export const CREDENTIAL_STATUS_VALUES = ['ACTIVE', 'REVOKED', 'SUSPENDED'] as const;
export const DELIVERY_STATUS_VALUES = ['SENT', 'DELIVERED', 'BOUNCED', 'COMPLAINED'] as const;
export const listCredentialsQuery = /* @__PURE__ */ built(() =>
  z.extend(pageQuery, {
    achievementId: z.optional(z.string().check(z.regex(/^[A-Za-z0-9-]{1,64}$/, 'not a valid id'))),
    status: z.optional(commaList(CREDENTIAL_STATUS_VALUES)),
    /** The last delivery's status, comma-separated: BOUNCED,COMPLAINED finds the learners to reach another way. */
    delivery: z.optional(commaList(DELIVERY_STATUS_VALUES)),
    from: z.optional(dateBound),
    to: z.optional(dateBound),
  }),
);
/** Search by learner: in the body, so an email never lands in a URL or an access log. */
export const searchCredentialsBody = /* @__PURE__ */ built(() =>
  z
    .strictObject({
      email: z.optional(z.email('must be an email address').check(z.maxLength(254))),
      studentId: z.optional(text(64)),
      achievementId: z.optional(z.string().check(z.regex(/^[A-Za-z0-9-]{1,64}$/, 'not a valid id'))),
      status: z.optional(z.array(z.enum(CREDENTIAL_STATUS_VALUES)).check(z.minLength(1))),
      limit: z._default(z.number().check(z.int(), z.gte(1), z.lte(100)), 50),
      cursor: z.optional(z.string().check(z.maxLength(2048))),
    })
    .check(z.refine((b) => (b.email ? 1 : 0) + (b.studentId ? 1 : 0) === 1, { message: 'give exactly one of email or studentId', path: ['email'] })),
);
/**
 * Erase a learner: in the body, so an email never lands in a URL or an access log. Either
 * identifier, or both; the reason is staff's (a request's reference), sealed in the audit trail.
 */
export const erasureBody = /* @__PURE__ */ built(() =>
  z
    .strictObject({
      email: z.optional(z.email('must be an email address').check(z.maxLength(254))),
      studentId: z.optional(text(64)),
      reason: text(500),
    })
    .check(z.refine((b) => b.email !== undefined || b.studentId !== undefined, { message: 'give email, studentId, or both', path: ['email'] })),
);
/** Many credentials' status at once: a selection (up to 100) or a whole batch, one reason, a preview first. */
export const bulkStatusBody = /* @__PURE__ */ built(() =>
  z
    .strictObject({
      action: z.enum(['revoke', 'suspend', 'reinstate']),
      reason: z.optional(text(2000)),
      credentialIds: z.optional(z.array(z.string().check(z.regex(/^[A-Za-z0-9-]{1,64}$/, 'not a valid id'))).check(z.minLength(1), z.maxLength(100))),
      batchId: z.optional(z.string().check(z.regex(/^[A-Za-z0-9-]{1,64}$/, 'not a valid id'))),
      /** true: answer how many and which, change nothing. */
      preview: z._default(z.boolean(), false),
      cursor: z.optional(z.string().check(z.regex(/^\d{1,9}$/, 'a cursor from the previous answer'))),
    })
    .check(
      z.refine((b) => (b.credentialIds ? 1 : 0) + (b.batchId ? 1 : 0) === 1, { message: 'give exactly one of credentialIds or batchId', path: ['credentialIds'] }),
      z.refine((b) => b.action === 'reinstate' || b.preview || Boolean(b.reason), { message: 'a reason is required to revoke or suspend', path: ['reason'] }),
    ),
);
export const deliveryAddressBody = /* @__PURE__ */ built(() => z.strictObject({ email: z.email('must be an email address').check(z.maxLength(254)) }));

export const REPORTS = ['issuances', 'approval-turnaround', 'deliveries'] as const;
export const REPORT_DIMENSIONS = ['achievement', 'cohort', 'campus', 'programme', 'month'] as const;
export const reportPath = /* @__PURE__ */ built(() => z.strictObject({ report: z.enum(REPORTS) }));
export const reportQuery = /* @__PURE__ */ built(() =>
  z.strictObject({
    from: dateBound,
    to: z.optional(dateBound),
    /** Dimensions to group by, comma-separated (issuances report; the others group by achievement). */
    groupBy: z._default(commaList(REPORT_DIMENSIONS), ['achievement', 'month']),
    achievementId: z.optional(z.string().check(z.regex(/^[A-Za-z0-9-]{1,64}$/, 'not a valid id'))),
    /** `csv` is the same as sending `Accept: text/csv`. */
    format: z.optional(z.enum(['json', 'csv'])),
  }),
);

/** A cohort file announced before its upload: the hash guards against issuing the same file twice. */
export const createBatchBody = /* @__PURE__ */ built(() =>
  z.strictObject({
    achievementId: z.union([slug, z.uuid()]),
    /** The cohort every row belongs to, for lists, queues and reports. */
    cohort: z.optional(z.strictObject({ intake: z.optional(text(100)), programme: z.optional(text(100)), campus: z.optional(text(100)) })),
    file: z.strictObject({
      name: z.string().check(z.minLength(1), z.maxLength(200), z.regex(/^[^/\\\x00-\x1f]+$/, 'a file name without slashes or control characters')),
      size: z.number().check(z.int(), z.gte(1), z.lte(200 * 1024 * 1024, 'at most 200 MiB')),
      sha256: z.string().check(z.regex(/^[a-fA-F0-9]{64}$/, 'the SHA-256 of the file, 64 hex digits')),
      /** csv (a header row, then one learner per row) or jsonl (one JSON object per line); by default from the name. */
      format: z.optional(z.enum(['csv', 'jsonl'])),
    }),
    /**
     * The file's own headers, when they differ from Laurel's: header → column (email, name,
     * student_number, score, result:<key>, …) or `ignore`. Checked with the rest of the header.
     */
    columns: z.optional(
      z
        .record(z.string().check(z.minLength(1), z.maxLength(200)), z.string().check(z.regex(/^(ignore|[a-z_]{1,40}|result:[a-z0-9_-]{1,40})$/, 'a Laurel column, result:<key>, or ignore')))
        .check(z.refine((m) => Object.keys(m).length <= 100, 'at most 100 mapped columns')),
    ),
    /** stop: wait for staff to start the valid rows (or fix the file); issue-valid: go ahead with the valid rows. */
    onInvalidRows: z._default(z.enum(['stop', 'issue-valid']), 'stop'),
  }),
);
export type CreateBatchBody = z.infer<typeof createBatchBody>;
export const listBatchesQuery = /* @__PURE__ */ built(() =>
  z.extend(pageQuery, {
    /** One status or several, comma-separated (RUNNING for what is issuing now). */
    status: z.optional(commaList(BATCH_STATUSES)),
    from: z.optional(dateBound),
    to: z.optional(dateBound),
  }),
);
export const batchCancelBody = /* @__PURE__ */ built(() => z.strictObject({ reason: z.optional(text(2000)) }));

// Pathways (shared/use-cases/pathways.ts)
export const createPathwayBody = /* @__PURE__ */ built(() => z.strictObject({ id: z.optional(slug), ...pathwayFields }));
export type CreatePathwayBody = z.infer<typeof createPathwayBody>;
/** A change writes a new version; `lifecycle` alone archives or restores; `withinDays: null` drops the window. */
export const updatePathwayBody = /* @__PURE__ */ built(() =>
  z.strictObject({
    name: z.optional(pathwayFields.name),
    description: z.optional(z.string().check(z.maxLength(5000))),
    targetAchievementId: z.optional(slug),
    requirements: z.optional(pathwayFields.requirements),
    withinDays: z.optional(z.nullable(z.int().check(z.positive(), z.lte(36500)))),
    onlyValid: z.optional(z.boolean()),
    onRevoke: z.optional(z.enum(['review', 'suspend'])),
    changeNote: z.optional(text(2000)),
    lifecycle: z.optional(z.enum(['active', 'archived'])),
  }),
);
export type UpdatePathwayBody = z.infer<typeof updatePathwayBody>;
export const getPathwayQuery = /* @__PURE__ */ built(() => z.strictObject({ version: z.optional(z.coerce.number().check(z.int(), z.gte(1))) }));
/** The learner by email, in the body: a learner's address is never put in a URL (nor in the access logs that record URLs). */
export const pathwayProgressBody = /* @__PURE__ */ built(() =>
  z.strictObject({
    email: z.email('must be an email address').check(z.maxLength(254)),
    version: z.optional(z.int().check(z.gte(1))),
  }),
);
