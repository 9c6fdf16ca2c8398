import { issueChunk, recordChunkFailure } from '../../shared/use-cases/batch-workflow';
import { batchChunkDeps } from '../../shared/workflow/batch-deps';
import { BATCH_STEP_INPUTS } from '../../shared/workflow/batch-contract';
import { stepHandler } from '../../shared/workflow/step-handler';
import * as BATCH_FUNCTIONS from '../../shared/wiring/batch';

const deps = batchChunkDeps(BATCH_FUNCTIONS.IssueOrFailChunkFn);

/** One Express child of the Distributed Map: a chunk of rows issued or, its retries spent (ChunkFailed), recorded as failed. */
export const handler = stepHandler(BATCH_STEP_INPUTS.issueRows, (input) => ('error' in input ? recordChunkFailure(deps, input, input.error) : issueChunk(deps, input)));
