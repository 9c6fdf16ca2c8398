import './promise-polyfill';
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { StateMachine } from 'aws-local-stepfunctions';
import { AwsError, awsJsonServer } from './http-util';
import { LambdaError, type LambdaRuntime } from './lambda-runtime';
import { LOCAL_ACCOUNT, LOCAL_REGION } from './template';

/**
 * A Step Functions API (AWS JSON 1.0, X-Amz-Target: AWSStepFunctions.*) in front of
 * aws-local-stepfunctions, which runs the synthesized definition unchanged. The engine has no
 * service integrations of its own, so every Task state is given a local handler by its
 * Resource: a Lambda ARN, `lambda:invoke`, or `lambda:invoke.waitForTaskToken` — the last with
 * a real, per-task token that SendTaskSuccess/Failure/Heartbeat complete.
 */
type Json = any;

interface Execution {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  input: string;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';
  startDate: number;
  stopDate?: number;
  output?: string;
  error?: string;
  cause?: string;
  abort?: () => void;
}

interface PendingTask {
  resolve(output: unknown): void;
  reject(error: Error): void;
  heartbeatSeconds?: number;
  heartbeatTimer?: NodeJS.Timeout;
  timeoutTimer?: NodeJS.Timeout;
  expired?: boolean;
}

class StatesError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

const LAMBDA_ARN = /^arn:aws:lambda:[^:]+:[^:]+:function:([^:]+)(?::.+)?$/;

export interface StepFunctionsOptions {
  runtime: LambdaRuntime;
  /** State machine ARN → resolved ASL definition. */
  definitions: Map<string, Json>;
  /** Multiplies Retry intervals (0.01 makes a 1 s backoff 10 ms in tests). */
  retryScale?: number;
}

export function createStepFunctionsServer(options: StepFunctionsOptions): {
  server: Server;
  executions: Map<string, Execution>;
  idle(): Promise<void>;
  stop(): Promise<void>;
} {
  const executions = new Map<string, Execution>();
  const tasks = new Map<string, PendingTask>();
  const machines = new Map<string, StateMachine>();
  const running = new Set<Promise<unknown>>();

  const functionName = (ref: string) => {
    const m = LAMBDA_ARN.exec(ref);
    return m ? m[1]! : ref;
  };
  const invoke = async (name: string, payload: unknown) => {
    try {
      return await options.runtime.invoke(functionName(name), payload);
    } catch (e) {
      // Step Functions names a Lambda failure by the function's error type.
      if (e instanceof LambdaError) throw new StatesError(e.errorType, JSON.stringify({ errorType: e.errorType, errorMessage: e.message }));
      throw e;
    }
  };

  const waitForToken = (token: string, state: Json) =>
    new Promise<unknown>((resolve, reject) => {
      const task: PendingTask = { resolve, reject, heartbeatSeconds: state.HeartbeatSeconds };
      const finish = () => {
        clearTimeout(task.heartbeatTimer);
        clearTimeout(task.timeoutTimer);
      };
      task.resolve = (v) => {
        finish();
        tasks.delete(token);
        resolve(v);
      };
      task.reject = (e) => {
        finish();
        tasks.delete(token);
        reject(e);
      };
      if (state.TimeoutSeconds) {
        task.timeoutTimer = setTimeout(() => {
          task.expired = true;
          task.reject(new StatesError('States.Timeout', 'The task did not complete before its TimeoutSeconds'));
        }, state.TimeoutSeconds * 1000);
      }
      const armHeartbeat = () => {
        clearTimeout(task.heartbeatTimer);
        if (task.heartbeatSeconds) {
          task.heartbeatTimer = setTimeout(
            () => task.reject(new StatesError('States.HeartbeatTimeout', 'No heartbeat within HeartbeatSeconds')),
            task.heartbeatSeconds * 1000,
          );
        }
      };
      (task as PendingTask & { beat(): void }).beat = armHeartbeat;
      armHeartbeat();
      tasks.set(token, task);
    });

  /** Local handlers for every Task state, keyed by state name (nested states included). */
  const taskHandlers = (states: Record<string, Json>, tokens: { last?: string }, into: Record<string, (input: Json) => Promise<Json>> = {}) => {
    for (const [name, state] of Object.entries(states)) {
      if (state.Type === 'Parallel') for (const b of state.Branches) taskHandlers(b.States, tokens, into);
      if (state.Type === 'Map') taskHandlers((state.ItemProcessor ?? state.Iterator).States, tokens, into);
      if (state.Type !== 'Task') continue;
      const resource: string = state.Resource;
      if (LAMBDA_ARN.test(resource)) {
        into[name] = (input) => invoke(resource, input);
      } else if (resource === 'arn:aws:states:::lambda:invoke') {
        into[name] = async (input) => ({ StatusCode: 200, ExecutedVersion: '$LATEST', Payload: await invoke(input.FunctionName, input.Payload) });
      } else if (resource === 'arn:aws:states:::lambda:invoke.waitForTaskToken') {
        into[name] = async (input) => {
          // The Parameters were just evaluated; `$$.Task.Token` handed out this token.
          const token = tokens.last;
          if (!token) throw new StatesError('States.Runtime', 'waitForTaskToken state does not pass $$.Task.Token');
          tokens.last = undefined;
          const wait = waitForToken(token, state);
          await invoke(input.FunctionName, input.Payload);
          return wait;
        };
      } else {
        into[name] = async () => {
          throw new StatesError('States.Runtime', `The local cloud has no integration for ${resource}`);
        };
      }
    }
    return into;
  };

  const retryOverrides = (states: Record<string, Json>, scale: number, into: Record<string, number[]> = {}) => {
    for (const [name, state] of Object.entries(states)) {
      if (state.Type === 'Parallel') for (const b of state.Branches) retryOverrides(b.States, scale, into);
      if (state.Type === 'Map') retryOverrides((state.ItemProcessor ?? state.Iterator).States, scale, into);
      const retry = state.Retry?.[0];
      if (retry) {
        const base = (retry.IntervalSeconds ?? 1) * 1000 * scale;
        into[name] = Array.from({ length: retry.MaxAttempts ?? 3 }, (_, i) =>
          Math.min(base * (retry.BackoffRate ?? 2) ** i, (retry.MaxDelaySeconds ?? Infinity) * 1000 * scale),
        );
      }
    }
    return into;
  };

  const machine = (arn: string) => {
    let m = machines.get(arn);
    if (!m) {
      const definition = options.definitions.get(arn);
      if (!definition) throw new AwsError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
      m = new StateMachine(definition, { validationOptions: { checkArn: false } });
      machines.set(arn, m);
    }
    return m;
  };

  const startExecution = (input: { stateMachineArn: string; name?: string; input?: string }) => {
    const definition = options.definitions.get(input.stateMachineArn);
    const sm = machine(input.stateMachineArn);
    const name = input.name ?? randomBytes(16).toString('hex');
    const smName = input.stateMachineArn.split(':').pop()!;
    const executionArn = `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:execution:${smName}:${name}`;
    const existing = executions.get(executionArn);
    if (existing) {
      // Like Standard workflows: the same name and input while running is idempotent.
      if (existing.status === 'RUNNING' && existing.input === (input.input ?? '{}')) return { executionArn, startDate: existing.startDate / 1000 };
      throw new AwsError('ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`);
    }
    let payload: Json;
    try {
      payload = JSON.parse(input.input ?? '{}');
    } catch {
      throw new AwsError('InvalidExecutionInput', 'Invalid execution input');
    }
    const tokens: { last?: string } = {};
    const taskContext = Object.defineProperty({}, 'Token', {
      enumerable: true,
      get() {
        tokens.last = randomBytes(48).toString('base64url');
        return tokens.last;
      },
    });
    const execution: Execution = { executionArn, stateMachineArn: input.stateMachineArn, name, input: input.input ?? '{}', status: 'RUNNING', startDate: Date.now() };
    const run = sm.run(payload, {
      overrides: {
        taskResourceLocalHandlers: taskHandlers(definition.States, tokens),
        ...(options.retryScale !== undefined ? { retryIntervalOverrides: retryOverrides(definition.States, options.retryScale) } : {}),
      },
      context: {
        Execution: { Id: executionArn, Name: name, RoleArn: `arn:aws:iam::${LOCAL_ACCOUNT}:role/local`, StartTime: new Date().toISOString() },
        StateMachine: { Id: input.stateMachineArn, Name: smName },
        Task: taskContext,
      },
    });
    execution.abort = run.abort;
    const done = run.result.then(
      (output) => {
        Object.assign(execution, { status: 'SUCCEEDED', output: JSON.stringify(output), stopDate: Date.now() });
      },
      (err: Error & { getWrappedError?: () => Error; cause?: Error }) => {
        const inner = (typeof err.getWrappedError === 'function' ? err.getWrappedError() : undefined) ?? (err.cause as Error | undefined) ?? err;
        const timedOut = err.name === 'ExecutionTimeoutError';
        Object.assign(execution, {
          status: timedOut ? 'TIMED_OUT' : err.name === 'ExecutionAbortedError' ? 'ABORTED' : 'FAILED',
          error: timedOut ? 'States.Timeout' : inner.name,
          cause: inner.message,
          stopDate: Date.now(),
        });
      },
    );
    running.add(done);
    void done.finally(() => running.delete(done));
    executions.set(executionArn, execution);
    return { executionArn, startDate: execution.startDate / 1000 };
  };

  const pendingTask = (token: unknown) => {
    const task = tasks.get(String(token ?? ''));
    if (!task) throw new AwsError(typeof token === 'string' && token.length > 0 ? 'TaskTimedOut' : 'InvalidToken', 'Task Timed Out or does not exist');
    return task;
  };

  const describe = (e: Execution) => ({
    executionArn: e.executionArn,
    stateMachineArn: e.stateMachineArn,
    name: e.name,
    status: e.status,
    startDate: e.startDate / 1000,
    ...(e.stopDate ? { stopDate: e.stopDate / 1000 } : {}),
    input: e.input,
    ...(e.output !== undefined ? { output: e.output } : {}),
    ...(e.error !== undefined ? { error: e.error, cause: e.cause } : {}),
  });

  const server = awsJsonServer('AWSStepFunctions', 'application/x-amz-json-1.0', {
    StartExecution: startExecution,
    DescribeExecution: (input) => {
      const e = executions.get(input.executionArn);
      if (!e) throw new AwsError('ExecutionDoesNotExist', `Execution Does Not Exist: '${input.executionArn}'`);
      return describe(e);
    },
    ListExecutions: (input) => ({
      executions: [...executions.values()]
        .filter((e) => e.stateMachineArn === input.stateMachineArn && (!input.statusFilter || e.status === input.statusFilter))
        .map((e) => ({ executionArn: e.executionArn, stateMachineArn: e.stateMachineArn, name: e.name, status: e.status, startDate: e.startDate / 1000 })),
    }),
    StopExecution: (input) => {
      const e = executions.get(input.executionArn);
      if (!e) throw new AwsError('ExecutionDoesNotExist', `Execution Does Not Exist: '${input.executionArn}'`);
      e.abort?.();
      return { stopDate: Date.now() / 1000 };
    },
    SendTaskSuccess: (input) => {
      let output: unknown;
      try {
        output = JSON.parse(input.output ?? 'null');
      } catch {
        throw new AwsError('InvalidOutput', 'The output is not valid JSON');
      }
      pendingTask(input.taskToken).resolve(output);
      return {};
    },
    SendTaskFailure: (input) => {
      pendingTask(input.taskToken).reject(new StatesError(input.error ?? 'TaskFailed', input.cause ?? ''));
      return {};
    },
    SendTaskHeartbeat: (input) => {
      (pendingTask(input.taskToken) as PendingTask & { beat(): void }).beat();
      return {};
    },
  });

  return {
    server,
    executions,
    async idle() {
      while (running.size) await Promise.allSettled([...running]);
    },
    /** Ends what is still running (approvals waiting for days keep timers alive otherwise). */
    async stop() {
      for (const task of [...tasks.values()]) task.reject(new StatesError('States.Runtime', 'the local cloud stopped'));
      for (const e of executions.values()) if (e.status === 'RUNNING') e.abort?.();
      await Promise.allSettled([...running]);
    },
  };
}
