import { deliverCredential } from '../../shared/use-cases/credential-delivery';
import { ISSUANCE_STEP_INPUTS } from '../../shared/workflow/contract';
import { workflowRecords, stepMailer } from '../../shared/workflow/deps';
import { stepHandler } from '../../shared/workflow/step-handler';
import * as WORKFLOW_FUNCTIONS from '../../shared/wiring/workflow';

// Only the adapters this step calls: its bundle carries no other client.
const records = workflowRecords(WORKFLOW_FUNCTIONS.DeliverFn);
const deps = { ...records, ...stepMailer(records.config) };
export const handler = stepHandler(ISSUANCE_STEP_INPUTS.deliver, ({ issuanceId }) => deliverCredential(deps, issuanceId));
