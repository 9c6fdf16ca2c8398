import { Duration, type CfnResource } from 'aws-cdk-lib';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { DefinitionBody, JitterType, JsonPath, LogLevel, StateMachine, StateMachineType, TaskInput, Timeout, type IChainable } from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';

import { TRANSIENT_ERRORS } from '../../shared/workflow/contract';
import { STATE_MACHINE_METADATA, type StateMachineRole } from '../template-metadata';
import type { Accesses } from '../../shared/wiring/bindings';
import type { Provider } from '../wiring';

export { TRANSIENT_ERRORS };

export interface LambdaStepOptions {
  /** Where the step's result goes in the state; discarded by default. */
  resultPath?: string;
  timeout?: Duration;
  /** The first retry's wait and the longest (1 s and 30 s by default); six attempts, full jitter. */
  retryInterval?: Duration;
  retryMaxDelay?: Duration;
}

/**
 * A workflow step: a Lambda given a payload, answering with its result (not Lambda's
 * envelope), retried with backoff on transient failures only — the steps name their failures
 * (shared/errors.ts classify), so anything else goes to the state's Catch.
 */
export function lambdaStep(scope: Construct, id: string, fn: IFunction, payload: Record<string, unknown>, options: LambdaStepOptions = {}) {
  return new LambdaInvoke(scope, id, {
    lambdaFunction: fn,
    payload: TaskInput.fromObject(payload),
    payloadResponseOnly: true,
    retryOnServiceExceptions: false,
    resultPath: options.resultPath ?? JsonPath.DISCARD,
    ...(options.timeout ? { taskTimeout: Timeout.duration(options.timeout) } : {}),
  }).addRetry({
    errors: [...TRANSIENT_ERRORS],
    interval: options.retryInterval ?? Duration.seconds(1),
    backoffRate: 2,
    maxAttempts: 6,
    maxDelay: options.retryMaxDelay ?? Duration.seconds(30),
    jitterStrategy: JitterType.FULL,
  });
}

/**
 * A construct around one Standard state machine (traced, errors logged for a month), and the
 * grants the admin API needs on its executions.
 */
export abstract class StandardWorkflow extends Construct implements Provider<Accesses['issuanceWorkflow' | 'batchWorkflow']> {
  abstract readonly stateMachine: StateMachine;

  /** The variable that names this state machine (STATE_MACHINE_ARN, BATCH_STATE_MACHINE_ARN). */
  abstract environment(): Record<string, string>;

  /** `role` goes into the template as metadata: the local cloud finds each workflow by it. */
  protected standardStateMachine(role: StateMachineRole, start: IChainable, timeout: Duration): StateMachine {
    const stateMachine = new StateMachine(this, 'StateMachine', {
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromChainable(start),
      timeout,
      tracingEnabled: true,
      logs: { destination: new LogGroup(this, 'ExecutionLogs', { retention: RetentionDays.ONE_MONTH }), level: LogLevel.ERROR },
    });
    (stateMachine.node.defaultChild as CfnResource).addMetadata(STATE_MACHINE_METADATA, role);
    return stateMachine;
  }

  grantStart(grantee: IGrantable) {
    return this.stateMachine.grantStartExecution(grantee);
  }

  /** Stop an execution (a cancelled request or batch): on executions of this state machine only. */
  grantStop(grantee: IGrantable) {
    return this.stateMachine.grantExecution(grantee, 'states:StopExecution');
  }

  grantTaskResponse(grantee: IGrantable) {
    return this.stateMachine.grantTaskResponse(grantee);
  }

  grant(grantee: IGrantable, access: Accesses['issuanceWorkflow' | 'batchWorkflow']) {
    if (access === 'start') this.grantStart(grantee);
    else if (access === 'stop') this.grantStop(grantee);
    else this.grantTaskResponse(grantee);
  }
}
