import { validateBatchFile } from '../../shared/use-cases/batch-workflow';
import { batchWorkflowDeps } from '../../shared/workflow/batch-deps';
import { BATCH_STEP_INPUTS } from '../../shared/workflow/batch-contract';
import { stepHandler } from '../../shared/workflow/step-handler';
import * as BATCH_FUNCTIONS from '../../shared/wiring/batch';

const deps = batchWorkflowDeps(BATCH_FUNCTIONS.ValidateBatchFn);
/** The parent's first step: the uploaded file, checked row by row before anything is issued. */
export const handler = stepHandler(BATCH_STEP_INPUTS.validate, ({ batchId }) => validateBatchFile(deps, batchId));
