import { requestBatchDecision } from '../../shared/use-cases/batch-workflow';
import { batchRecords } from '../../shared/workflow/batch-deps';
import { BATCH_STEP_INPUTS } from '../../shared/workflow/batch-contract';
import { stepHandler } from '../../shared/workflow/step-handler';
import * as BATCH_FUNCTIONS from '../../shared/wiring/batch';

// Only the table: this step calls no other AWS service.
const deps = batchRecords(BATCH_FUNCTIONS.RequestBatchDecisionFn);
// Invoked by the parent's `.waitForTaskToken` states; the admin API answers with the token.
export const handler = stepHandler(BATCH_STEP_INPUTS.requestDecision, ({ batchId, kind, taskToken, role }) => requestBatchDecision(deps, batchId, kind, taskToken, role));
