import { validateBatchFile } from '../../shared/use-cases/batch-workflow';
import { batchRecords } from '../../shared/workflow/batch-deps';
import { batchJsonLines } from '../../shared/workflow/batch-json-lines';
import { stepArtifacts, stepLearnerRecords } from '../../shared/workflow/deps';
import { BATCH_STEP_INPUTS } from '../../shared/workflow/batch-contract';
import { stepHandler } from '../../shared/workflow/step-handler';
import * as BATCH_FUNCTIONS from '../../shared/wiring/batch';

// Only the adapters this step calls: its bundle carries no other client.
const records = batchRecords(BATCH_FUNCTIONS.ValidateBatchFn);
const deps = { ...records, ...stepLearnerRecords(records), ...stepArtifacts(records.config), ...batchJsonLines(records.config) };
/** The parent's first step: the uploaded file, checked row by row before anything is issued. */
export const handler = stepHandler(BATCH_STEP_INPUTS.validate, ({ batchId }) => validateBatchFile(deps, batchId));
