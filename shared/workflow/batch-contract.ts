import * as z from '../zod';
import { built } from '../built';
import { batchRow } from '../batches/rows';

/**
 * The cohort workflow's part of the contract (see contract.ts for its errors): the names of
 * its states and each Lambda step's input, shared by infra/constructs/batch-issuance.ts and
 * functions/batch/.
 */
/** Step Functions' error output where a state caught an error (either part may be missing). */
const caughtLoosely = /* @__PURE__ */ built(() => z.object({ Error: z.optional(z.string()), Cause: z.optional(z.string()) }));

export const BATCH_STATES = {
  isRetry: 'IsRetry',
  validate: 'Validate',
  hasRows: 'HasRows',
  needsDecision: 'NeedsDecision',
  awaitStart: 'AwaitStart',
  needsApproval: 'NeedsApproval',
  awaitApproval: 'AwaitApproval',
  begin: 'Begin',
  issueRows: 'IssueRows',
  issueChunk: 'IssueChunk',
  chunkFailed: 'ChunkFailed',
  finish: 'Finish',
  finishFailed: 'FinishFailed',
  finishInvalid: 'FinishInvalid',
  finishRejected: 'FinishRejected',
  finishExpired: 'FinishExpired',
  completed: 'Completed',
  nothingToIssue: 'NothingToIssue',
  rejected: 'Rejected',
  expired: 'Expired',
  failed: 'Failed',
} as const;

const chunk = /* @__PURE__ */ built(() => ({ batchId: z.string(), attempt: z.number().check(z.int(), z.nonnegative()), rows: z.array(batchRow).check(z.maxLength(1000)) }));

/** Each cohort step's input. */
export const BATCH_STEP_INPUTS = /* @__PURE__ */ built(() => ({
  validate: z.object({ batchId: z.string() }),
  requestDecision: z.object({ batchId: z.string(), kind: z.enum(['start', 'approval']), taskToken: z.string().check(z.minLength(1)), role: z.optional(z.string()) }),
  beginOrFinish: z.discriminatedUnion('action', [
    z.object({ action: z.literal('begin'), batchId: z.string() }),
    z.object({ action: z.literal('finish'), batchId: z.string(), end: z.enum(['COMPLETED', 'INVALID', 'REJECTED', 'EXPIRED', 'FAILED']), error: z.optional(caughtLoosely) }),
  ]),
  /** One Express child: a chunk of rows, or (its retries spent) the same chunk with the error. */
  issueRows: z.union([z.object({ ...chunk, error: caughtLoosely }), z.object(chunk)]),
  /** A message on the email queue. */
  queuedEmail: z.object({ issuanceId: z.string(), batchId: z.optional(z.string()) }),
} as const));
