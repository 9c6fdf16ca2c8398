import { ExecutionAlreadyExists, ExecutionDoesNotExist, SendTaskFailureCommand, SendTaskSuccessCommand, StartExecutionCommand, StopExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import type { WorkflowEngine } from '../ports';

/**
 * A standard execution's ARN is its machine's with `execution` and its name: known without
 * asking, so a start refused as a duplicate still records which execution runs the work.
 */
export const executionArnOf = (stateMachineArn: string, name: string) => `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;

/**
 * The WorkflowEngine port on one Step Functions state machine. A function that only answers or
 * stops executions is given no machine (and no permission to start one).
 */
export function sfnWorkflowEngine(sfn: Pick<SFNClient, 'send'>, stateMachineArn?: string): WorkflowEngine {
  return {
    async start(name, input) {
      if (!stateMachineArn) throw new Error('this function was given no state machine to start');
      try {
        const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) }));
        return { executionArn: executionArn ?? executionArnOf(stateMachineArn, name), started: true };
      } catch (e) {
        if (!(e instanceof ExecutionAlreadyExists)) throw e;
        return { executionArn: executionArnOf(stateMachineArn, name), started: false };
      }
    },
    async answer(taskToken, result) {
      if ('output' in result) await sfn.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(result.output) }));
      else await sfn.send(new SendTaskFailureCommand({ taskToken, error: result.failure.error, cause: result.failure.cause }));
    },
    async stop(executionArn, failure) {
      try {
        // Step Functions keeps at most 256 characters of a cause.
        await sfn.send(new StopExecutionCommand({ executionArn, error: failure.error, cause: failure.cause.slice(0, 256) }));
      } catch (e) {
        if (!(e instanceof ExecutionDoesNotExist)) throw e;
      }
    },
  };
}
