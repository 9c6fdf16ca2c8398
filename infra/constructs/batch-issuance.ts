import { Duration } from 'aws-cdk-lib';
import type { BatchEnd } from '../../shared/use-cases/batch-workflow';
import { BATCH_STATES as S, BATCH_STEP_INPUTS } from '../../shared/workflow/batch-contract';
import { stepPayload, WORKFLOW_ERRORS } from '../../shared/workflow/contract';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import {
  Choice,
  Condition,
  DistributedMap,
  Fail,
  IntegrationPattern,
  ItemBatcher,
  JitterType,
  JsonPath,
  S3JsonLItemReader,
  StateMachine,
  StateMachineType,
  Succeed,
  TaskInput,
  Timeout,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import { lambdaStep, StandardWorkflow } from './workflow-parts';
import type { ArtifactStore } from './artifact-store';
import type { DataStore } from './data-store';
import type { ArchiveStore } from './archive-store';
import type { AuditLog } from './audit-log';
import type { DomainEvents } from './domain-events';
import * as BATCH_FUNCTIONS from '../../shared/wiring/batch';
import { capabilityProviders, settingValues, wiredFunction, type Providers } from '../wiring';
import type { Mail } from './mail';
import type { LearnerIndexKey } from './learner-index-key';
import type { SigningKeys } from './signing-keys';

export interface BatchIssuanceProps {
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
  rowsPerChild: number;
  maxConcurrency: number;
  /** KMS Sign requests per second of the account, and the share cohort batches may take. */
  kmsSignQuota: number;
  kmsBatchShare: number;
  /** The account's SES sending rate (emails per second). */
  sesSendRate: number;
}

/** Concurrent consumers of the email queue (the event source mapping's minimum), each at its share of the rate. */
const EMAIL_CONSUMERS = 2;

/**
 * Cohort issuance: a Standard parent per batch (validation, the staff decision and the one
 * batch approval wait there, paid per state, not per row) and a Distributed Map that reads the
 * validated rows from S3 and hands them, a chunk at a time, to Express children (paid by
 * duration). Emails leave through a queue whose consumers keep to the SES sending rate.
 *
 *   IsRetry? ─no─▶ Validate ─▶ HasRows? ─no─▶ FinishInvalid
 *      │yes                       │yes
 *      │                          ▼
 *      │              NeedsDecision? ─yes─▶ AwaitStart (.waitForTaskToken: staff start, or cancel)
 *      │                          ▼
 *      │              NeedsApproval? ─yes─▶ AwaitApproval (.waitForTaskToken: one approver for the batch)
 *      ▼                          ▼
 *    Begin ─▶ IssueRows (Distributed Map: S3 JSONL → ItemBatcher → Express IssueChunk ⟲ / ChunkFailed) ─▶ Finish
 *
 * KMS: maxConcurrency children × signRate each = the batch share of the account's Sign quota,
 * so no batch (or several at once, which share the share) can starve single issuances.
 */
export class BatchIssuance extends StandardWorkflow {
  readonly stateMachine: StateMachine;
  readonly emailQueue: Queue;
  /** Cohort emails that failed every delivery attempt (ten receives): redrive them to emailQueue. */
  readonly emailDeadLetters: Queue;

  constructor(scope: Construct, id: string, props: BatchIssuanceProps) {
    super(scope, id);
    const deadLetters = new Queue(this, 'EmailDeadLetters', { retentionPeriod: Duration.days(14), encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true });
    this.emailDeadLetters = deadLetters;
    this.emailQueue = new Queue(this, 'EmailQueue', {
      // Longer than a consumer's run (10 messages at its share of the rate, plus SES latency).
      visibilityTimeout: Duration.minutes(2),
      retentionPeriod: Duration.days(14),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      deadLetterQueue: { queue: deadLetters, maxReceiveCount: 10 },
    });
    const signRate = Math.max(1, Math.floor((props.kmsSignQuota * props.kmsBatchShare) / props.maxConcurrency));
    const queue = this.emailQueue;
    const providers: Providers = {
      ...capabilityProviders(props),
      emailQueue: { environment: () => ({ EMAIL_QUEUE_URL: queue.queueUrl }), grant: (grantee) => queue.grantSendMessages(grantee) },
      setting: settingValues({
        ...props.settings,
        BATCH_SIGN_RATE: String(signRate),
        BATCH_SIGN_CONCURRENCY: String(Math.min(16, signRate)),
        EMAIL_SEND_RATE: String(props.sesSendRate / EMAIL_CONSUMERS),
      }),
    };
    // Each step wired as shared/wiring/batch.ts declares it under the same name.
    const fn = (id: keyof typeof BATCH_FUNCTIONS, options: { memorySize?: number; timeout?: Duration } = {}) => wiredFunction(this, id, BATCH_FUNCTIONS[id], providers, options);
    const validateFn = fn('ValidateBatchFn', { memorySize: 1024, timeout: Duration.minutes(15) });
    const decisionFn = fn('RequestBatchDecisionFn');
    const statusFn = fn('RecordBatchStatusFn');
    const issueFn = fn('IssueOrFailChunkFn', { memorySize: 1024, timeout: Duration.minutes(5) });
    // Mostly waiting: for its turn at the SES rate, then for SES. Memory buys CPU it does not use.
    const sendFn = fn('SendQueuedEmailFn', { memorySize: 256, timeout: Duration.seconds(90) });
    // 50 emails per invocation (gathered for up to a second): a fifth of the invocations and of the
    // batch's delivered-counter writes that 10 cost; at 7 emails/s per consumer, 7 s of a 90 s timeout.
    sendFn.addEventSource(
      new SqsEventSource(this.emailQueue, { batchSize: 50, maxBatchingWindow: Duration.seconds(1), maxConcurrency: EMAIL_CONSUMERS, reportBatchItemFailures: true }),
    );

    const batchId = JsonPath.stringAt('$.batchId');
    const task = (name: string, lambda: IFunction, payload: Record<string, unknown>, resultPath?: string) =>
      lambdaStep(this, name, lambda, payload, resultPath ? { resultPath } : {});
    const finish = (name: string, end: BatchEnd, withError = false) =>
      task(name, statusFn, { action: 'finish', batchId, end, ...(withError ? { error: JsonPath.objectAt('$.error') } : {}) });

    const failed = new Fail(this, S.failed, { error: WORKFLOW_ERRORS.batchFailed, causePath: '$.error.Cause' });
    const finishFailed = finish(S.finishFailed, 'FAILED', true).next(failed);
    const finishInvalid = finish(S.finishInvalid, 'INVALID').next(new Succeed(this, S.nothingToIssue));
    const finishRejected = finish(S.finishRejected, 'REJECTED').next(new Succeed(this, S.rejected));
    const finishExpired = finish(S.finishExpired, 'EXPIRED').next(new Succeed(this, S.expired));

    const validate = task(S.validate, validateFn, stepPayload(BATCH_STEP_INPUTS.validate, { batchId }), '$.validation').addCatch(finishFailed, { resultPath: '$.error' });
    const awaitDecision = (name: string, kind: 'start' | 'approval', timeout: Duration) =>
      new LambdaInvoke(this, name, {
        lambdaFunction: decisionFn,
        integrationPattern: IntegrationPattern.WAIT_FOR_TASK_TOKEN,
        payload: TaskInput.fromObject(
          stepPayload(BATCH_STEP_INPUTS.requestDecision, { batchId, kind, taskToken: JsonPath.taskToken, ...(kind === 'approval' ? { role: JsonPath.stringAt('$.validation.approvalRole') } : {}) }),
        ),
        resultPath: JsonPath.DISCARD,
        taskTimeout: Timeout.duration(timeout),
      });
    const awaitStart = awaitDecision(S.awaitStart, 'start', Duration.days(7));
    const awaitApproval = awaitDecision(S.awaitApproval, 'approval', props.approvalTimeout);
    awaitStart.addCatch(finishExpired, { errors: [WORKFLOW_ERRORS.timeout], resultPath: '$.error' });
    awaitApproval.addCatch(finishRejected, { errors: [WORKFLOW_ERRORS.batchRejected], resultPath: '$.error' });
    awaitApproval.addCatch(finishExpired, { errors: [WORKFLOW_ERRORS.timeout], resultPath: '$.error' });
    for (const wait of [awaitStart, awaitApproval]) wait.addCatch(finishFailed, { errors: [WORKFLOW_ERRORS.all], resultPath: '$.error' });

    const begin = task(S.begin, statusFn, { action: 'begin', batchId }, '$.run').addCatch(finishFailed, { resultPath: '$.error' });

    // The children: one Lambda per chunk, retried while faults pass; spent retries record the rows as failed.
    const chunk = stepPayload(BATCH_STEP_INPUTS.issueRows, { batchId: JsonPath.stringAt('$.BatchInput.batchId'), attempt: JsonPath.numberAt('$.BatchInput.attempt'), rows: JsonPath.listAt('$.Items') });
    const issueChunk = lambdaStep(this, S.issueChunk, issueFn, chunk, {
      // The child's output is the chunk's tally, not its rows.
      resultPath: '$',
      timeout: Duration.minutes(5), retryInterval: Duration.seconds(2), retryMaxDelay: Duration.seconds(60) });
    const chunkFailed = new LambdaInvoke(this, S.chunkFailed, {
      lambdaFunction: issueFn,
      payload: TaskInput.fromObject({ ...chunk, error: JsonPath.objectAt('$.error') }),
      payloadResponseOnly: true,
      retryOnServiceExceptions: false,
    }).addRetry({ errors: [WORKFLOW_ERRORS.all], interval: Duration.seconds(2), backoffRate: 2, maxAttempts: 8, jitterStrategy: JitterType.FULL });
    issueChunk.addCatch(chunkFailed, { errors: [WORKFLOW_ERRORS.all], resultPath: '$.error' });

    const issueRows = new DistributedMap(this, S.issueRows, {
      itemReader: new BatchRowsReader(props.artifacts.bucket, JsonPath.stringAt('$.run.rowsKey')),
      itemBatcher: new ItemBatcher({
        maxItemsPerBatch: props.rowsPerChild,
        // Step Functions passes at most 256 KiB to a child; long narratives make a chunk smaller.
        maxInputBytesPerBatch: 200 * 1024,
        // Written with `.$` keys: CDK passes batchInput through as is.
        batchInput: { 'batchId.$': '$.batchId', 'attempt.$': '$.run.attempt' },
      }),
      maxConcurrency: props.maxConcurrency,
      // Rows fail one by one into the report; a child never fails the map.
      toleratedFailurePercentage: 100,
      mapExecutionType: StateMachineType.EXPRESS,
      resultPath: JsonPath.DISCARD,
    });
    issueRows.itemProcessor(issueChunk);
    issueRows.addCatch(finishFailed, { resultPath: '$.error' });
    begin.next(issueRows).next(finish(S.finish, 'COMPLETED')).next(new Succeed(this, S.completed));

    const needsApproval = new Choice(this, S.needsApproval).when(Condition.isPresent('$.validation.approvalRole'), awaitApproval).otherwise(begin);
    awaitApproval.next(begin);
    awaitStart.next(needsApproval);
    const needsDecision = new Choice(this, S.needsDecision).when(Condition.booleanEquals('$.validation.needsDecision', true), awaitStart).otherwise(needsApproval);
    validate.next(new Choice(this, S.hasRows).when(Condition.numberEquals('$.validation.valid', 0), finishInvalid).otherwise(needsDecision));
    const start = new Choice(this, S.isRetry).when(Condition.isPresent('$.retry'), begin).otherwise(validate);

    // The two waits, plus a day to issue (Distributed Map children run in parallel).
    this.stateMachine = this.standardStateMachine('batch', start, Duration.days(7).plus(props.approvalTimeout).plus(Duration.days(1)));
  }

  environment(): Record<string, string> {
    return { BATCH_STATE_MACHINE_ARN: this.stateMachine.stateMachineArn };
  }
}

/**
 * The Distributed Map's reader of a cohort's validated rows. CDK's S3JsonLItemReader grants the
 * state machine s3:GetObject on every object of the bucket (credentials, evidence); the rows are
 * under batches/, and so is the grant.
 */
class BatchRowsReader extends S3JsonLItemReader {
  constructor(
    private readonly rowsBucket: IBucket,
    key: string,
  ) {
    super({ bucket: rowsBucket, key });
  }

  override providePolicyStatements(): PolicyStatement[] {
    return [new PolicyStatement({ actions: ['s3:GetObject'], resources: [this.rowsBucket.arnForObjects('batches/*')] })];
  }
}
