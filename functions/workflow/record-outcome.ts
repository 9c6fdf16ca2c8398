import { z } from 'zod';
import { WORKFLOW_STEPS } from '../../shared/entities/issuance';
import { lambdaErrorMessage } from '../../shared/errors';
import { recordOutcome } from '../../shared/use-cases/workflow';
import { workflowDeps } from '../../shared/workflow/deps';
import { stepHandler } from '../../shared/workflow/step-handler';

const deps = workflowDeps();

/** Step Functions error output ({Error, Cause}) where the state machine caught one. */
const caught = z.object({ Error: z.string(), Cause: z.string().optional() });

const input = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('ISSUED'), issuanceId: z.string() }),
  z.object({ outcome: z.literal('REJECTED_BY_RULES'), issuanceId: z.string(), rules: z.array(z.object({ rule: z.string(), passed: z.boolean(), reason: z.string() })) }),
  z.object({ outcome: z.literal('REJECTED_BY_APPROVER'), issuanceId: z.string(), error: caught }),
  z.object({ outcome: z.literal('EXPIRED'), issuanceId: z.string(), error: caught }),
  z.object({ outcome: z.literal('FAILED'), issuanceId: z.string(), step: z.enum(WORKFLOW_STEPS), error: caught }),
]);

export const handler = stepHandler(input, (event) => {
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
