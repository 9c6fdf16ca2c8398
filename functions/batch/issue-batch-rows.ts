import { z } from 'zod';
import { batchRow } from '../../shared/batches/rows';
import { issueChunk, recordChunkFailure } from '../../shared/use-cases/batch-workflow';
import { batchWorkflowDeps } from '../../shared/workflow/batch-deps';
import { stepHandler } from '../../shared/workflow/step-handler';

const deps = batchWorkflowDeps();
const chunk = { batchId: z.string(), attempt: z.number().int().nonnegative(), rows: z.array(batchRow).max(1000) };

/** One Express child of the Distributed Map: a chunk of rows issued, or (its retries spent) recorded as failed. */
export const handler = stepHandler(
  z.union([z.object({ ...chunk, error: z.object({ Error: z.string().optional(), Cause: z.string().optional() }) }), z.object(chunk)]),
  (input) => ('error' in input ? recordChunkFailure(deps, input, input.error) : issueChunk(deps, input)),
);
