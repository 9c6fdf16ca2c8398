import { Duration } from 'aws-cdk-lib';
import { ISSUANCE_STATES as S, ISSUANCE_STEP_INPUTS as INPUT, stepPayload, WORKFLOW_ERRORS } from '../../shared/workflow/contract';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import {
  Choice,
  Condition,
  Fail,
  IntegrationPattern,
  JsonPath,
  Pass,
  Result,
  StateMachine,
  Succeed,
  TaskInput,
  Timeout,
  type INextable,
  type IChainable,
  type TaskStateBase,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { EventBus, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { lambdaStep, StandardWorkflow } from './workflow-parts';
import type { WorkflowStep } from '../../shared/entities/issuance';
import type { ArtifactStore } from './artifact-store';
import type { DataStore } from './data-store';
import type { ArchiveStore } from './archive-store';
import type { AuditLog } from './audit-log';
import type { DomainEvents } from './domain-events';
import * as WORKFLOW_FUNCTIONS from '../../shared/wiring/workflow';
import { capabilityProviders, settingValues, wiredFunction, type Providers } from '../wiring';
import type { Mail } from './mail';
import type { LearnerIndexKey } from './learner-index-key';
import type { SigningKeys } from './signing-keys';

export interface IssuanceWorkflowProps {
  data: DataStore;
  keys: SigningKeys;
  /** The learner-index key, for the functions that key a learner (holdings, the learner index). */
  learnerKey: LearnerIndexKey;
  artifacts: ArtifactStore;
  mail: Mail;
  events: DomainEvents;
  /** The audit trail's writer, which functions that record what they did invoke. */
  auditLog: AuditLog;
  /** The Object Lock archive: status lists and key states, as they change. */
  archive: ArchiveStore;
  /** Settings the steps may declare: ISSUER_ID, INSTITUTION_NAME, INSTITUTION_URL, PUBLIC_BASE_URL. */
  settings: Record<string, string | undefined>;
  approvalTimeout: Duration;
}

/**
 * The issuance workflow (Standard, JSONPath):
 *
 *   EvidenceCheck → Decide ─REJECTED──────────────▶ RecordRejectedByRules → Rejected
 *                          ├APPROVAL_REQUIRED▶ Approval (.waitForTaskToken) ─rejected▶ RecordRejectedByApprover
 *                          │                     ▲  │approved   └─timed out▶ RecordExpired → Expired
 *                          │       MoreApprovals ┘──┤ (a chain loops until no step remains)
 *                          └AUTO/ALREADY_APPROVED┐  ▼
 *                      Sign → Store → Deliver → Record → Issued
 *   any step's permanent failure ─▶ <Step>Failed → RecordFailure → Failed
 *
 * Every Lambda step reads the issuance from DynamoDB by id, so the state carries ids and
 * decisions, not documents (except the signed credential between Sign and Store).
 */
export class IssuanceWorkflow extends StandardWorkflow {
  readonly stateMachine: StateMachine;
  /** SES feedback that could not be recorded: undeliverable events and failed invocations. */
  readonly feedbackDeadLetters: Queue;

  constructor(scope: Construct, id: string, props: IssuanceWorkflowProps) {
    super(scope, id);
    const providers: Providers = {
      ...capabilityProviders(props),
      setting: settingValues(props.settings),
    };
    // Each step wired as shared/wiring/workflow.ts declares it under the same name.
    const fn = (id: keyof typeof WORKFLOW_FUNCTIONS) => wiredFunction(this, id, WORKFLOW_FUNCTIONS[id], providers);
    const evidenceFn = fn('EvidenceCheckFn');
    const approvalFn = fn('RequestApprovalFn');
    const signFn = fn('SignFn');
    const storeFn = fn('StoreFn');
    const deliverFn = fn('DeliverFn');
    const recordFn = fn('RecordFn');

    // SES feedback (bounces, complaints, deliveries) marks the delivery on the credential.
    // EventBridge invokes the function asynchronously: an event it could not deliver, and one the
    // function failed on every retry, both land in one dead-letter queue, so no bounce is lost.
    this.feedbackDeadLetters = new Queue(this, 'FeedbackDeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    const feedbackFn = wiredFunction(this, 'DeliveryFeedbackFn', WORKFLOW_FUNCTIONS.DeliveryFeedbackFn, providers, { deadLetterQueue: this.feedbackDeadLetters });
    new Rule(this, 'DeliveryFeedback', {
      eventBus: EventBus.fromEventBusName(this, 'DefaultBus', 'default'),
      eventPattern: { source: ['aws.ses'], detailType: ['Email Bounced', 'Email Complaint Received', 'Email Delivered'] },
      targets: [new LambdaFunction(feedbackFn, { retryAttempts: 8, deadLetterQueue: this.feedbackDeadLetters })],
    });

    const issuanceId = JsonPath.stringAt('$.issuanceId');
    const task = (name: string, lambda: IFunction, payload: Record<string, unknown>, resultPath: string | undefined) =>
      lambdaStep(this, name, lambda, payload, { ...(resultPath ? { resultPath } : {}), timeout: Duration.seconds(60) });

    // Terminal bookkeeping
    const failed = new Fail(this, S.failed, { error: WORKFLOW_ERRORS.issuanceFailed, causePath: '$.error.Cause' });
    const recordFailure = task(S.recordFailure, recordFn, { outcome: 'FAILED', issuanceId, step: JsonPath.stringAt('$.failedStep'), error: JsonPath.objectAt('$.error') }, undefined);
    recordFailure.addCatch(failed, { resultPath: '$.recordError' });
    recordFailure.next(failed);
    const failureMarkers = new Map<WorkflowStep, Pass>();
    const failedAt = (step: WorkflowStep) => {
      let marker = failureMarkers.get(step);
      if (!marker) {
        marker = new Pass(this, `${step}Failed`, { result: Result.fromString(step), resultPath: '$.failedStep' });
        marker.next(recordFailure);
        failureMarkers.set(step, marker);
      }
      return marker;
    };
    const withFailure = (step: WorkflowStep, t: TaskStateBase) => t.addCatch(failedAt(step), { errors: [WORKFLOW_ERRORS.all], resultPath: '$.error' });

    const rejected = new Succeed(this, S.rejected);
    const recordRejectedByRules = withFailure(
      'Record',
      task(S.recordRejectedByRules, recordFn, { outcome: 'REJECTED_BY_RULES', issuanceId, rules: JsonPath.objectAt('$.evidence.rules') }, undefined),
    ).next(rejected);
    const recordRejectedByApprover = task(S.recordRejectedByApprover, recordFn, { outcome: 'REJECTED_BY_APPROVER', issuanceId, error: JsonPath.objectAt('$.error') }, undefined);
    recordRejectedByApprover.addCatch(failedAt('Record'), { errors: [WORKFLOW_ERRORS.all], resultPath: '$.recordError' });
    recordRejectedByApprover.next(rejected);

    // The happy path
    const evidence = withFailure(
      'EvidenceCheck',
      task(S.evidenceCheck, evidenceFn, stepPayload(INPUT.evidenceCheck, { issuanceId, defaultApprovalTimeoutSeconds: props.approvalTimeout.toSeconds() }), '$.evidence'),
    );
    const approval = new LambdaInvoke(this, S.approval, {
      lambdaFunction: approvalFn,
      integrationPattern: IntegrationPattern.WAIT_FOR_TASK_TOKEN,
      payload: TaskInput.fromObject(
        stepPayload(INPUT.requestApproval, { issuanceId, taskToken: JsonPath.taskToken, timeoutSeconds: JsonPath.numberAt('$.evidence.approvalTimeoutSeconds') }),
      ),
      resultPath: '$.approval',
      // Never wait for the one-year execution limit: an unanswered step expires by its
      // achievement's deadline, or the deployment's (EvidenceCheck decides which).
      taskTimeout: Timeout.at('$.evidence.approvalTimeoutSeconds'),
    });
    // An unanswered step expires with a clear status instead of waiting for the execution limit.
    const recordExpired = task(S.recordExpired, recordFn, { outcome: 'EXPIRED', issuanceId, error: JsonPath.objectAt('$.error') }, undefined);
    recordExpired.addCatch(failedAt('Record'), { errors: [WORKFLOW_ERRORS.all], resultPath: '$.recordError' });
    recordExpired.next(new Succeed(this, S.expired));
    approval.addCatch(recordRejectedByApprover, { errors: [WORKFLOW_ERRORS.approvalRejected], resultPath: '$.error' });
    approval.addCatch(recordExpired, { errors: [WORKFLOW_ERRORS.timeout, WORKFLOW_ERRORS.heartbeatTimeout], resultPath: '$.error' });
    approval.addCatch(failedAt('Approval'), { errors: [WORKFLOW_ERRORS.all], resultPath: '$.error' });
    const sign = withFailure('Sign', task(S.sign, signFn, stepPayload(INPUT.sign, { issuanceId }), '$.signed'));
    const store = withFailure(
      'Store',
      task(S.store, storeFn, stepPayload(INPUT.store, { issuanceId, credential: JsonPath.objectAt('$.signed.credential'), jwt: JsonPath.stringAt('$.signed.jwt') }), '$.stored'),
    );
    const deliver = withFailure('Deliver', task(S.deliver, deliverFn, stepPayload(INPUT.deliver, { issuanceId }), '$.delivery'));
    const record = withFailure('Record', task(S.record, recordFn, { outcome: 'ISSUED', issuanceId }, undefined));
    const issue: IChainable & INextable = sign;
    sign.next(store).next(deliver).next(record).next(new Succeed(this, S.issued));
    // A chain of approvers: ask the next role until none remains.
    approval.next(new Choice(this, S.moreApprovals).when(Condition.numberGreaterThan('$.approval.remaining', 0), approval).otherwise(issue));

    const decide = new Choice(this, S.decide)
      .when(Condition.stringEquals('$.evidence.decision', 'REJECTED'), recordRejectedByRules)
      .when(Condition.stringEquals('$.evidence.decision', 'APPROVAL_REQUIRED'), approval)
      .otherwise(issue);

    // Each step of a chain waits up to its own deadline (at most 60 days, six steps at most:
    // shared/domain/achievement-definition.ts), so the whole may take 360 days: the execution's
    // limit is a Standard workflow's year, never shorter than the chain it runs. (It was one
    // deadline and a day, which timed out a chain whose second step was still in time.)
    this.stateMachine = this.standardStateMachine('issuance', evidence.next(decide), Duration.days(365));
  }

  environment(): Record<string, string> {
    return { STATE_MACHINE_ARN: this.stateMachine.stateMachineArn };
  }
}
