import { lambdaErrorMessage } from '../../shared/errors';
import { recordOutcome } from '../../shared/use-cases/issuance-workflow';
import { ISSUANCE_STEP_INPUTS } from '../../shared/workflow/contract';
import { workflowRecords, stepEventBus, stepLearnerRecords } from '../../shared/workflow/deps';
import { stepHandler } from '../../shared/workflow/step-handler';
import * as WORKFLOW_FUNCTIONS from '../../shared/wiring/workflow';

// Only the adapters this step calls: its bundle carries no other client.
const records = workflowRecords(WORKFLOW_FUNCTIONS.RecordFn);
const deps = { ...records, ...stepLearnerRecords(records), ...stepEventBus(records.config) };

export const handler = stepHandler(ISSUANCE_STEP_INPUTS.recordOutcome, (event) => {
  switch (event.outcome) {
    case 'ISSUED':
      return recordOutcome(deps, event.issuanceId, { outcome: 'ISSUED' });
    case 'REJECTED_BY_RULES':
      return recordOutcome(deps, event.issuanceId, {
        outcome: 'REJECTED',
        stage: 'evidence',
        reason: event.rules.filter((r) => !r.passed).map((r) => `${r.rule}: ${r.reason}`).join('; '),
      });
    case 'REJECTED_BY_APPROVER':
      return recordOutcome(deps, event.issuanceId, { outcome: 'REJECTED', stage: 'approval', reason: lambdaErrorMessage(event.error.Cause) || 'rejected' });
    case 'EXPIRED':
      return recordOutcome(deps, event.issuanceId, { outcome: 'EXPIRED', error: event.error.Error });
    case 'FAILED':
      return recordOutcome(deps, event.issuanceId, {
        outcome: 'FAILED',
        step: event.step,
        error: event.error.Error,
        cause: lambdaErrorMessage(event.error.Cause),
      });
  }
});
