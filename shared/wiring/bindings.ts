import * as z from '../zod';
import { env, loadConfig } from '../config';

/**
 * One wiring per function: each environment variable a function reads, declared once with its
 * schema and what it binds to, with which access. The handler parses its declaration at cold
 * start (loadSettings); the CDK app sets the same variables from the constructs that provide
 * them and grants the declared accesses (infra/wiring.ts), and refuses to synthesize a function
 * whose required variable nothing provides. No CDK here: handlers import this.
 */

/** What each kind of resource lets a function do (the grant methods of its construct in infra/constructs/). */
export interface Accesses {
  /**
   * read: the whole table; readWrite: that and writes; readPublished: the verification class,
   * only the partitions that verification reads (credentials, issuers and their keys, status
   * lists), by key, never a Scan or an index (infra/constructs/data-store.ts). readWriteKeys:
   * readWrite and issuers' key records, which no other writer may write. writeAudit: the audit
   * writer's alone, the audit partitions and nothing else. readDirectory: the public directory's
   * read, by key, of directory entries, credential records and issuers alone.
   */
  table: 'read' | 'readWrite' | 'readWriteKeys' | 'readPublished' | 'readDirectory' | 'writeAudit';
  /** erasePersonalData: list, read, rewrite and destroy versions of evidence and cohort files (a learner's erasure). */
  bucket: 'writeCredentials' | 'readCredentials' | 'evidenceUpload' | 'readEvidence' | 'imageUpload' | 'readImages' | 'batchFiles' | 'readBatchFiles' | 'erasePersonalData';
  /** sign: with any of the deployment's tagged keys; readPublic: their public halves; create: new tagged keys. */
  signingKeys: 'sign' | 'readPublic' | 'create';
  mail: 'send';
  eventBus: 'put';
  /** start an execution; stop one; answer a task token (SendTaskSuccess/Failure/Heartbeat). */
  issuanceWorkflow: 'start' | 'stop' | 'answer';
  batchWorkflow: 'start' | 'stop' | 'answer';
  emailQueue: 'send';
  /** generateMac: derive the learner keys' secret (holdings, the learner index), HMAC_SHA_256 only. */
  learnerKey: 'generateMac';
  /** generateMac: derive integrations' secrets (a completion source's, a webhook subscription's), HMAC_SHA_256 only. */
  integrationKey: 'generateMac';
  /** send: put messages on the webhook delivery queue (infra/constructs/webhook-deliveries.ts). */
  webhookQueue: 'send';
  /** append: invoke the audit writer (the only writer of audit items). */
  auditLog: 'append';
  /** The Object Lock bucket: anchorAudit writes the audit trail's anchors; keepDocuments, status lists' versions and keys' states. */
  archive: 'anchorAudit' | 'keepDocuments';
  /** The origin secret CloudFront sends (infra/constructs/origin-secret.ts): read its current version; rotate it (Secrets Manager's four steps). */
  originSecret: 'read' | 'rotate';
  /** The public API's CloudFront distribution: updateOriginHeader sets the origin secret's header on it; invalidate drops cached paths. */
  cdn: 'updateOriginHeader' | 'invalidate';
  /** A deployment setting (issuer, public URL, branding, rates): a value, no access. */
  setting: never;
  /** Set by the local cloud only, never in AWS (so it must be optional). */
  local: never;
}
export type Source = keyof Accesses;

/** One variable: its schema, the source that provides its value, and the accesses the function gets on that source. */
export interface Binding<S extends Source = Source, T extends z.core.$ZodType = z.core.$ZodType> {
  readonly source: S;
  readonly access: readonly Accesses[S][];
  readonly schema: T;
  /** The same binding, parsed with another schema (SENDER_EMAIL as an email address). */
  as<U extends z.core.$ZodType>(schema: U): Binding<S, U>;
  /** The same binding, allowed to be absent: synthesis skips it when its source has no value (VC_JWT_KEY_ARN with the JWT format off). */
  optional(): Binding<S, z.ZodMiniOptional<T>>;
}

/** Access to a source the function finds at run time, not through a variable: an execution's ARN from a record, a task token from a request. */
export interface Grant<S extends Source = Source> {
  readonly source: S;
  readonly access: readonly Accesses[S][];
}

export type Variables = { readonly [name: string]: Binding };

/** A function's declaration: its handler's source, the variables it reads, and the grants no variable carries. */
export interface Wiring<V extends Variables = Variables> {
  /** Relative to the project root; the handler there parses `loadSettings` of this declaration. */
  readonly entry: string;
  readonly variables: V;
  readonly grants: readonly Grant[];
}

const bind = <S extends Source, T extends z.core.$ZodType>(source: S, access: readonly Accesses[S][], schema: T): Binding<S, T> => ({
  source,
  access,
  schema,
  as: (other) => bind(source, access, other),
  optional: () => bind(source, access, z.optional(schema)),
});

export { env };

const resource =
  <S extends Source>(source: S) =>
  (...access: Accesses[S][]): Binding<S, typeof env.name> =>
    bind(source, access, env.name);

/** TABLE_NAME (infra/constructs/data-store.ts). */
export const table = /* @__PURE__ */ resource('table');
/** BUCKET_NAME (artifact-store.ts); each access is a prefix of the bucket. */
export const bucket = /* @__PURE__ */ resource('bucket');
/** SIGNING_KEY_ARN, KEY_TAG, VC_JWT_KEY_ARN (signing-keys.ts). */
export const signingKeys = /* @__PURE__ */ resource('signingKeys');
/** SENDER_EMAIL, CONFIGURATION_SET (mail.ts). */
export const mail = /* @__PURE__ */ resource('mail');
/** EVENT_BUS_NAME (domain-events.ts). */
export const eventBus = /* @__PURE__ */ resource('eventBus');
/** STATE_MACHINE_ARN (issuance-workflow.ts). */
export const issuanceWorkflow = /* @__PURE__ */ resource('issuanceWorkflow');
/** BATCH_STATE_MACHINE_ARN (batch-issuance.ts). */
export const batchWorkflow = /* @__PURE__ */ resource('batchWorkflow');
/** EMAIL_QUEUE_URL (batch-issuance.ts). */
export const emailQueue = /* @__PURE__ */ resource('emailQueue');
/** LEARNER_KEY_ARN (learner-index-key.ts). */
export const learnerKey = /* @__PURE__ */ resource('learnerKey');
/** INTEGRATION_KEY_ARN (infra/constructs/integration-secrets-key.ts). */
export const integrationKey = /* @__PURE__ */ resource('integrationKey');
/** WEBHOOK_QUEUE_URL (infra/constructs/webhook-deliveries.ts). */
export const webhookQueue = /* @__PURE__ */ resource('webhookQueue');
/** AUDIT_WRITER_FUNCTION (infra/constructs/audit-log.ts). */
export const auditLog = /* @__PURE__ */ resource('auditLog');
/** ARCHIVE_BUCKET_NAME (infra/constructs/archive-store.ts). */
export const archive = /* @__PURE__ */ resource('archive');
/** ORIGIN_SECRET_ARN (infra/constructs/origin-secret.ts). */
export const originSecret = /* @__PURE__ */ resource('originSecret');
/** DISTRIBUTION_ID (infra/constructs/public-cdn.ts). */
export const cdn = /* @__PURE__ */ resource('cdn');
/** A deployment setting, parsed with `schema`. */
export const setting = <T extends z.core.$ZodType>(schema: T): Binding<'setting', T> => bind('setting', [], schema);
/** A variable only the local cloud sets (local/wire.ts). */
export const localOnly = <T extends z.core.$ZodType>(schema: z.ZodMiniOptional<T>): Binding<'local', z.ZodMiniOptional<T>> => bind('local', [], schema);
/** A grant no variable carries (see Grant). */
export const grant = <S extends Source>(source: S, ...access: Accesses[S][]): Grant<S> => ({ source, access });

/**
 * Declares a function. `variables` and `grants` are made when called, so that a module of
 * declarations marked `/* @__PURE__ *\/` bundles only the one its handler imports.
 */
export function wiring<V extends Variables>(entry: string, variables: () => V, grants: () => readonly Grant[] = () => []): Wiring<V> {
  return { entry, variables: variables(), grants: grants() };
}

/** What a function's variables parse to. */
export type Settings<V extends Variables> = { readonly [K in keyof V]: z.output<NonNullable<V[K]>['schema']> };

/** Whether a variable may be absent. */
export const isOptional = (b: Binding): boolean => z.safeParse(b.schema, undefined).success;

/**
 * Parses a function's environment at cold start against its declaration: a missing or malformed
 * variable throws here, before the first request, naming every bad variable.
 */
export function loadSettings<V extends Variables>(w: Wiring<V>, environment: NodeJS.ProcessEnv = process.env): Settings<V> {
  const shape = Object.fromEntries(Object.entries(w.variables).map(([name, b]) => [name, b.schema]));
  return loadConfig(z.object(shape), environment) as Settings<V>;
}
