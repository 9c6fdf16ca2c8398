import { requestApproval } from '../../shared/use-cases/issuance-workflow';
import { ISSUANCE_STEP_INPUTS } from '../../shared/workflow/contract';
import { workflowRecords } from '../../shared/workflow/deps';
import { stepHandler } from '../../shared/workflow/step-handler';
import * as WORKFLOW_FUNCTIONS from '../../shared/wiring/workflow';

// Only the table: this step calls no other AWS service.
const deps = workflowRecords(WORKFLOW_FUNCTIONS.RequestApprovalFn);
// Invoked by the `.waitForTaskToken` Approval state; the task ends when the admin API answers.
export const handler = stepHandler(ISSUANCE_STEP_INPUTS.requestApproval, ({ issuanceId, taskToken, timeoutSeconds }) => requestApproval(deps, issuanceId, taskToken, timeoutSeconds));
