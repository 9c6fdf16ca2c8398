import { evidenceCheck } from '../../shared/use-cases/issuance-workflow';
import { ISSUANCE_STEP_INPUTS } from '../../shared/workflow/contract';
import { workflowRecords, stepArtifacts } from '../../shared/workflow/deps';
import { stepHandler } from '../../shared/workflow/step-handler';
import * as WORKFLOW_FUNCTIONS from '../../shared/wiring/workflow';

// Only the adapters this step calls: its bundle carries no other client.
const records = workflowRecords(WORKFLOW_FUNCTIONS.EvidenceCheckFn);
const deps = { ...records, ...stepArtifacts(records.config) };
export const handler = stepHandler(ISSUANCE_STEP_INPUTS.evidenceCheck, ({ issuanceId, defaultApprovalTimeoutSeconds }) => evidenceCheck(deps, issuanceId, defaultApprovalTimeoutSeconds));
