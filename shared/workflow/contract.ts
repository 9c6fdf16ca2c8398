import * as z from '../zod';
import { built } from '../built';
import { WORKFLOW_STEPS } from '../entities/issuance';

/**
 * The workflows' contract, in one place: the names of their states and of the errors they
 * catch, and each Lambda step's input. The CDK definitions (infra/constructs/issuance-workflow.ts,
 * batch-issuance.ts) and the handlers (functions/workflow/, functions/batch/) both import it, so
 * renaming a state, an error or a field fails type-checking, not a production execution. The
 * cohort workflow's inputs are in batch-contract.ts, beside it: they need the row schema (and
 * its CSV parser), which the admin functions that name these errors must not bundle.
 */

/** Errors the state machines catch by name, and who raises them. */
export const WORKFLOW_ERRORS = {
  /** An approver rejected an issuance (SendTaskFailure from the admin API). */
  approvalRejected: 'ApprovalRejected',
  /** An approver rejected a cohort batch (SendTaskFailure from the admin API). */
  batchRejected: 'BatchRejected',
  /** Staff cancelled an issuance or a batch (StopExecution from the admin API). */
  issuanceCancelled: 'IssuanceCancelled',
  batchCancelled: 'BatchCancelled',
  /** The terminal failures the state machines end with. */
  issuanceFailed: 'IssuanceFailed',
  batchFailed: 'BatchFailed',
  /** A task token's deadline passed (Step Functions' own). */
  timeout: 'States.Timeout',
  heartbeatTimeout: 'States.HeartbeatTimeout',
  all: 'States.ALL',
} as const;

/** Errors worth retrying: our own TransientError (shared/errors.ts) and Lambda's service-side failures. */
export const TRANSIENT_ERRORS = [
  'TransientError',
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
  'Lambda.ClientExecutionTimeoutException',
] as const;

/** The issuance workflow's states (Standard). A step's failure marker is `${step}Failed`. */
export const ISSUANCE_STATES = {
  evidenceCheck: 'EvidenceCheck',
  decide: 'Decide',
  approval: 'Approval',
  moreApprovals: 'MoreApprovals',
  sign: 'Sign',
  store: 'Store',
  deliver: 'Deliver',
  record: 'Record',
  recordRejectedByRules: 'RecordRejectedByRules',
  recordRejectedByApprover: 'RecordRejectedByApprover',
  recordExpired: 'RecordExpired',
  recordFailure: 'RecordFailure',
  issued: 'Issued',
  rejected: 'Rejected',
  expired: 'Expired',
  failed: 'Failed',
} as const;

/** laurel:approvalTimeoutHours' default, a week: an approval step's deadline when its achievement sets none. */
export const DEFAULT_APPROVAL_TIMEOUT_SECONDS = 7 * 24 * 3600;

/** Step Functions' error output where a state caught an error. */
const caught = /* @__PURE__ */ built(() => z.object({ Error: z.string(), Cause: z.optional(z.string()) }));
const issuance = /* @__PURE__ */ built(() => ({ issuanceId: z.string() }));

/** Each issuance step's input, as its state's payload builds it. */
export const ISSUANCE_STEP_INPUTS = /* @__PURE__ */ built(() => ({
  /** The deployment's approval deadline comes from the definition: each achievement may set its own. */
  evidenceCheck: z.object({ ...issuance, defaultApprovalTimeoutSeconds: z._default(z.number().check(z.int(), z.positive()), DEFAULT_APPROVAL_TIMEOUT_SECONDS) }),
  /** timeoutSeconds: the step's deadline (EvidenceCheck's answer), which the state's TimeoutSecondsPath enforces and the record shows. */
  requestApproval: z.object({ ...issuance, taskToken: z.string().check(z.minLength(1)), timeoutSeconds: z.optional(z.number().check(z.int(), z.positive())) }),
  sign: z.object(issuance),
  store: z.object({ ...issuance, credential: z.record(z.string(), z.unknown()), jwt: z._default(z.nullable(z.string()), null) }),
  deliver: z.object(issuance),
  recordOutcome: z.discriminatedUnion('outcome', [
    z.object({ outcome: z.literal('ISSUED'), ...issuance }),
    z.object({ outcome: z.literal('REJECTED_BY_RULES'), ...issuance, rules: z.array(z.object({ rule: z.string(), passed: z.boolean(), reason: z.string() })) }),
    z.object({ outcome: z.literal('REJECTED_BY_APPROVER'), ...issuance, error: caught }),
    z.object({ outcome: z.literal('EXPIRED'), ...issuance, error: caught }),
    z.object({ outcome: z.literal('FAILED'), ...issuance, step: z.enum(WORKFLOW_STEPS), error: caught }),
  ]),
} as const));

/**
 * A state's payload, checked against its step's input at compile time: every field the step
 * reads is given (a JSONPath or a literal), and no field it does not know.
 */
export type StepPayload<S extends z.core.$ZodType> = S extends z.core.$ZodDiscriminatedUnion ? Record<string, unknown> : { [K in keyof z.input<S>]: unknown };
export const stepPayload = <S extends z.core.$ZodType>(_input: S, payload: StepPayload<S>): Record<string, unknown> => payload as Record<string, unknown>;
