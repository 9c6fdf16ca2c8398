import { randomUUID } from 'node:crypto';
import { ExecutionAlreadyExists, type SFNClient, StartExecutionCommand, SendTaskFailureCommand, SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import type { RequestIssuanceBody } from '../api/schemas';
import { newSalt, normalizeEmail } from '../credentials/recipient';
import type { AchievementRepository } from '../entities/achievement';
import { stepUpdate, type Issuance, type IssuanceRepository } from '../entities/issuance';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors';
import { requireRole, type Principal } from '../http/auth';

export interface IssuanceDeps {
  achievements: Pick<AchievementRepository, 'getLatest'>;
  issuances: Pick<IssuanceRepository, 'create' | 'get' | 'update' | 'updateIf'>;
  workflow: Pick<SFNClient, 'send'>;
  stateMachineArn: string;
  now?: () => Date;
}

/** The approval decision the workflow receives as the Approval task's output. */
export interface ApprovalOutput {
  decision: 'APPROVED';
  decidedBy: { id: string; name: string };
  decidedAt: string;
  comment?: string;
}
export const APPROVAL_REJECTED_ERROR = 'ApprovalRejected';

/**
 * Records the request, then starts the workflow named after the issuance: Step Functions
 * refuses a second execution of the same name, so a retried start can never issue twice.
 */
export async function requestIssuance(deps: IssuanceDeps, input: RequestIssuanceBody, actor: Principal): Promise<Issuance> {
  const achievement = await deps.achievements.getLatest(input.achievementId);
  if (!achievement) {
    throw new ValidationError('The achievement does not exist.', [{ path: 'body.achievementId', message: `no achievement '${input.achievementId}'` }]);
  }
  // A result must say which of the achievement's result descriptions it reports.
  const known = new Set(achievement.resultDescriptions.map((d) => d.key));
  const unknown = input.results.flatMap((r, i) => (known.has(r.resultKey) ? [] : [{ path: `body.results.${i}.resultKey`, message: `'${r.resultKey}' is not a result of this achievement${known.size ? ` (known: ${[...known].join(', ')})` : ''}` }]));
  if (unknown.length) throw new ValidationError('Results refer to result descriptions the achievement does not have.', unknown);
  const { achievementId: _a, recipient, ...award } = input;
  const now = (deps.now?.() ?? new Date()).toISOString();
  const issuance: Issuance = {
    id: randomUUID(),
    achievementId: achievement.id,
    achievementVersion: achievement.version,
    issuerId: achievement.issuerId,
    credentialId: randomUUID(),
    recipient: { ...recipient, email: normalizeEmail(recipient.email) },
    award,
    recipientSalt: newSalt(),
    status: 'REQUESTED',
    steps: {},
    requestedBy: { id: actor.id, name: actor.name },
    requestedAt: now,
    updatedAt: now,
  };
  if (!(await deps.issuances.create(issuance))) throw new ConflictError('Issuance id collision; retry the request.');
  return startWorkflow(deps, issuance);
}

async function startWorkflow(deps: IssuanceDeps, issuance: Issuance): Promise<Issuance> {
  let executionArn: string | undefined;
  try {
    ({ executionArn } = await deps.workflow.send(
      new StartExecutionCommand({ stateMachineArn: deps.stateMachineArn, name: issuance.id, input: JSON.stringify({ issuanceId: issuance.id }) }),
    ));
  } catch (e) {
    if (!(e instanceof ExecutionAlreadyExists)) throw e;
  }
  return executionArn ? deps.issuances.update(issuance.id, { set: { executionArn } }) : issuance;
}

export async function getIssuance(deps: Pick<IssuanceDeps, 'issuances'>, id: string): Promise<Issuance> {
  const issuance = await deps.issuances.get(id);
  if (!issuance) throw new NotFoundError(`No issuance with id '${id}'.`);
  return issuance;
}

/**
 * An approver decides a pending approval. The requester may not approve their own request
 * (separation of duties), the decision is recorded before the workflow is told, and the
 * conditional write makes a second, concurrent decision fail with 409.
 */
export async function decideApproval(
  deps: Pick<IssuanceDeps, 'issuances' | 'workflow' | 'now'>,
  id: string,
  actor: Principal,
  decision: { approve: true; comment?: string } | { approve: false; reason: string },
): Promise<Issuance> {
  const issuance = await getIssuance(deps, id);
  if (issuance.status !== 'AWAITING_APPROVAL' || !issuance.approval?.taskToken) {
    throw new ConflictError(`The issuance is ${issuance.status}, not awaiting approval.`);
  }
  requireRole(actor, [issuance.approval.role as Principal['roles'][number]]);
  if (issuance.requestedBy.id === actor.id) {
    throw new ForbiddenError('Separation of duties: the person who requested an issuance cannot decide its approval.');
  }
  const decidedAt = (deps.now?.() ?? new Date()).toISOString();
  const token = issuance.approval.taskToken;
  const comment = decision.approve ? decision.comment : decision.reason;
  const updated = await deps.issuances.updateIf(
    id,
    {
      set: {
        status: decision.approve ? 'APPROVED' : 'REJECTED',
        'approval.decision': decision.approve ? 'APPROVED' : 'REJECTED',
        'approval.decidedBy': { id: actor.id, name: actor.name },
        'approval.decidedAt': decidedAt,
        ...(comment ? { 'approval.comment': comment } : {}),
        // The status and its reason change together, so a reader never sees one without the other.
        ...(decision.approve ? {} : { rejection: { stage: 'approval', reason: decision.reason } }),
        ...stepUpdate('Approval', decision.approve ? 'SUCCEEDED' : 'FAILED', `${decision.approve ? 'approved' : 'rejected'} by ${actor.name}`),
      },
      remove: ['approval.taskToken', 'GSI2PK', 'GSI2SK'],
    },
    '#status = :waiting AND #approval.#taskToken = :token',
    { ':waiting': 'AWAITING_APPROVAL', ':token': token },
  );
  if (!updated) throw new ConflictError('The approval was decided by someone else a moment ago.');
  if (decision.approve) {
    const output: ApprovalOutput = { decision: 'APPROVED', decidedBy: { id: actor.id, name: actor.name }, decidedAt, ...(comment ? { comment } : {}) };
    await deps.workflow.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify(output) }));
  } else {
    await deps.workflow.send(new SendTaskFailureCommand({ taskToken: token, error: APPROVAL_REJECTED_ERROR, cause: decision.reason }));
  }
  return updated;
}
