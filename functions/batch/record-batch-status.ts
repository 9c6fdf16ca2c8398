import { beginIssuing, finishBatch } from '../../shared/use-cases/batch-workflow';
import { batchRecords } from '../../shared/workflow/batch-deps';
import { BATCH_STEP_INPUTS } from '../../shared/workflow/batch-contract';
import { stepHandler } from '../../shared/workflow/step-handler';
import * as BATCH_FUNCTIONS from '../../shared/wiring/batch';

// Only the table: this step calls no other AWS service.
const deps = batchRecords(BATCH_FUNCTIONS.RecordBatchStatusFn);

/** The parent's bookkeeping: RUNNING before the map (begin), the final status after it or instead of it (finish). */
export const handler = stepHandler(
  BATCH_STEP_INPUTS.beginOrFinish,
  async (input): Promise<object> => (input.action === 'begin' ? beginIssuing(deps, input.batchId) : finishBatch(deps, input.batchId, input.end, input.error)),
);
