import * as z from '../zod';
import { archive, auditLog, batchWorkflow, bucket, emailQueue, env, eventBus, learnerKey, localOnly, mail, setting, signingKeys, table, type Binding } from './bindings';

/**
 * Variables several functions read alike, made when a declaration is (so they bundle only where
 * used). A function overrides a variable to add its own accesses.
 */

export const publicBaseUrl = () => setting(env.baseUrl);

/** What a function that records what it did appends through: the audit writer. */
export const audited = () => ({ AUDIT_WRITER_FUNCTION: auditLog('append') });

/**
 * What a function that keys a learner reads (holdings, the learner index: shared/entities/learner.ts):
 * the KMS HMAC key its learner keys' secret is derived from, with GenerateMac on it.
 */
export const learnerIndex = () => ({ LEARNER_KEY_ARN: learnerKey('generateMac') });
export type LearnerIndexVariables = ReturnType<typeof learnerIndex>;

/** The default issuer, and the public API's URL that credential, issuer and key ids start with. */
export const issuer = () => ({
  ISSUER_ID: setting(env.name),
  INSTITUTION_NAME: setting(env.name),
  INSTITUTION_URL: setting(env.url),
  PUBLIC_BASE_URL: publicBaseUrl(),
  /** The default issuer's LinkedIn organization (an issuer profile names its own). */
  LINKEDIN_ORGANIZATION_ID: setting(z.optional(z.string())),
});

export const loadIssuerSettings = (e: { ISSUER_ID: string; INSTITUTION_NAME: string; INSTITUTION_URL: string; LINKEDIN_ORGANIZATION_ID?: string | undefined }) => ({
  issuerId: e.ISSUER_ID,
  name: e.INSTITUTION_NAME,
  url: e.INSTITUTION_URL,
  ...(e.LINKEDIN_ORGANIZATION_ID ? { linkedInOrganizationId: e.LINKEDIN_ORGANIZATION_ID } : {}),
});

/**
 * What a workflow step reads: shared/workflow/deps.ts builds every adapter from these. Each step
 * overrides the ones it uses with its accesses; the others it may name but not use.
 */
export const workflowStep = () => ({
  TABLE_NAME: table('readWrite'),
  AUDIT_WRITER_FUNCTION: auditLog('append'),
  BUCKET_NAME: bucket(),
  /** The archive (S3 Object Lock): the steps that publish status lists keep each version there. */
  ARCHIVE_BUCKET_NAME: archive(),
  SIGNING_KEY_ARN: signingKeys(),
  /** Present when the VC-JWT format is enabled: the default issuer's P-256 key. */
  VC_JWT_KEY_ARN: signingKeys().optional(),
  EVENT_BUS_NAME: eventBus(),
  SENDER_EMAIL: mail().as(env.email),
  CONFIGURATION_SET: mail(),
  ...issuer(),
});
export type WorkflowStepVariables = ReturnType<typeof workflowStep>;

/** A cohort step: a workflow step's variables, the email queue and the pace of signing (shared/workflow/batch-deps.ts). */
export const batchStep = () => ({
  ...workflowStep(),
  EMAIL_QUEUE_URL: emailQueue().as(env.url),
  /** KMS Sign calls per second for one child (the account's quota divided among the map's children). */
  BATCH_SIGN_RATE: setting(z.coerce.number().check(z.positive())),
  BATCH_SIGN_CONCURRENCY: setting(z.coerce.number().check(z.int(), z.positive())),
});
export type BatchStepVariables = ReturnType<typeof batchStep>;

/** The public API's documents (shared/public-deps.ts): read-only; the bucket only for functions that serve credentials. */
export const publicDocuments = () => ({ TABLE_NAME: table('readPublished'), ...issuer() });
export type PublicDocumentVariables = ReturnType<typeof publicDocuments> & { BUCKET_NAME?: Binding<'bucket', typeof env.name> };

/** POST /verify (shared/presented-deps.ts): ours from the table, everyone else's over https, locally through the internet stand-in. */
export const presented = () => ({ ...publicDocuments(), LOCAL_INTERNET_URL: localOnly(z.optional(env.url)) });
export type PresentedVariables = ReturnType<typeof presented>;

/** An issuer's keys (shared/issuer-deps.ts): new ones are created with the deployment's tag (KEY_TAG). */
export const issuerKeys = () => ({
  TABLE_NAME: table('readWriteKeys'),
  /** Each state of a key is kept there (the functions that change keys: archive('keepDocuments')). */
  ARCHIVE_BUCKET_NAME: archive(),
  SIGNING_KEY_ARN: signingKeys(),
  KEY_TAG: signingKeys(),
  VC_JWT_KEY_ARN: signingKeys().optional(),
  ...issuer(),
});
export type IssuerKeyVariables = ReturnType<typeof issuerKeys>;

/** The cohort routes (shared/admin-deps.ts batchAdminDeps): the cohort files and the batch state machine. */
export const batchAdmin = () => ({ TABLE_NAME: table('readWrite'), AUDIT_WRITER_FUNCTION: auditLog('append'), BUCKET_NAME: bucket(), BATCH_STATE_MACHINE_ARN: batchWorkflow(), PUBLIC_BASE_URL: publicBaseUrl() });
export type BatchAdminVariables = ReturnType<typeof batchAdmin>;
