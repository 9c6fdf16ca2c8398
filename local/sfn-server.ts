import './promise-polyfill';
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { StateMachine } from 'aws-local-stepfunctions';
import { AwsError, awsJsonServer } from './http-util';
import { LambdaError, type LambdaRuntime } from './lambda-runtime';
import { LOCAL_ACCOUNT, LOCAL_REGION } from './template';

/** Where a TimeoutSecondsPath's value travels in a task's input (see hoistTimeoutPath). */
const TIMEOUT_FIELD = '__laurelTimeoutSeconds';
const withoutTimeout = (input: Json): Json => {
  if (!input || typeof input !== 'object' || !(TIMEOUT_FIELD in input)) return input;
  const { [TIMEOUT_FIELD]: _, ...rest } = input;
  return rest;
};

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
  timeoutTimer?: LongTimer;
  expired?: boolean;
}

/**
 * Node's timers hold at most 2^31-1 ms (24.8 days); a longer one fires at once. Deadlines here
 * may be 60 days (an approval step) or a year (an execution), so a long wait is a chain of
 * shorter ones.
 */
const MAX_TIMER_MS = 2 ** 31 - 1;
interface LongTimer {
  cancel(): void;
}
function setLongTimeout(fn: () => void, ms: number): LongTimer {
  let timer: NodeJS.Timeout;
  const arm = (left: number) => {
    timer = setTimeout(() => (left > MAX_TIMER_MS ? arm(left - MAX_TIMER_MS) : fn()), Math.min(left, MAX_TIMER_MS));
  };
  arm(ms);
  return { cancel: () => clearTimeout(timer) };
}
/** The longest TimeoutSeconds the engine's own timers take (see MAX_TIMER_MS): longer ones are ours to keep. */
const ENGINE_TIMEOUT_CAP_SECONDS = Math.floor(MAX_TIMER_MS / 1000);

class StatesError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

/** The error a run failed with, unwrapped from the engine's execution error. */
function innerError(e: unknown): Error {
  const err = e as Error & { getWrappedError?: () => Error; cause?: Error };
  return (typeof err.getWrappedError === 'function' ? err.getWrappedError() : undefined) ?? err.cause ?? err;
}

const LAMBDA_ARN = /^arn:aws:lambda:[^:]+:[^:]+:function:([^:]+)(?::.+)?$/;

/** Reads an S3 object (or a byte range of it): the local Distributed Map's ItemReader. */
export type ObjectReader = (bucket: string, key: string, range?: { start: number; end: number }) => Promise<Buffer>;

/** What the local cloud measured of the workflows, for the cost model (bench:cohort). */
export interface WorkflowStats {
  /** Standard state transitions: states entered, plus one per child a Distributed Map starts. */
  standardTransitions: number;
  expressExecutions: number;
  /** Each Express child's duration rounded up to 100 ms, as billed. */
  expressBilledMs: number;
  expressFailed: number;
}

export interface StepFunctionsOptions {
  runtime: LambdaRuntime;
  /** For Distributed Map states that read their items from S3. */
  readObject?: ObjectReader;
  /** State machine ARN → resolved ASL definition. */
  definitions: Map<string, Json>;
  /** Multiplies Retry intervals (0.01 makes a 1 s backoff 10 ms in tests). */
  retryScale?: number;
}

export function createStepFunctionsServer(options: StepFunctionsOptions): {
  server: Server;
  executions: Map<string, Execution>;
  stats: WorkflowStats;
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
        task.timeoutTimer?.cancel();
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
        task.timeoutTimer = setLongTimeout(() => {
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

  /** Per Distributed Map: its children's failures so far, against the tolerated share. */
  const progressOf = new Map<string, { failed: number; total: number }>();

  /** Local handlers for every Task state, keyed by state name (nested states included). */
  const taskHandlers = (states: Record<string, Json>, tokens: { last?: string }, into: Record<string, (input: Json) => Promise<Json>> = {}) => {
    for (const [name, state] of Object.entries(states)) {
      if (state.Type === 'Parallel') for (const b of state.Branches) taskHandlers(b.States, tokens, into);
      if (state.Type === 'Map') taskHandlers((state.ItemProcessor ?? state.Iterator).States, tokens, into);
      if (state.Type !== 'Task') continue;
      const resource: string = state.Resource;
      if (LAMBDA_ARN.test(resource)) {
        into[name] = (input) => invoke(resource, withoutTimeout(input));
      } else if (resource === 'arn:aws:states:::lambda:invoke') {
        into[name] = async (input) => ({ StatusCode: 200, ExecutedVersion: '$LATEST', Payload: await invoke(input.FunctionName, input.Payload) });
      } else if (resource === 'arn:aws:states:::lambda:invoke.waitForTaskToken') {
        into[name] = async (input) => {
          // The Parameters were just evaluated; `$$.Task.Token` handed out this token.
          const token = tokens.last;
          if (!token) throw new StatesError('States.Runtime', 'waitForTaskToken state does not pass $$.Task.Token');
          tokens.last = undefined;
          const wait = waitForToken(token, { ...state, TimeoutSeconds: input[TIMEOUT_FIELD] ?? state.TimeoutSeconds });
          // The deadline runs from the task's start, so it can fire while the Lambda still
          // runs; its rejection is read below, once the invoke returns — not left unhandled.
          wait.catch(() => undefined);
          try {
            await invoke(input.FunctionName, input.Payload);
          } catch (e) {
            // A failed invoke fails the task, as in AWS: the token is withdrawn and its timers
            // stopped, so no late timeout rejects a task nobody waits for.
            tasks.get(token)?.reject(e as Error);
            throw e;
          }
          return wait;
        };
      } else if (resource.startsWith('local:distributed-map-reader:')) {
        into[name] = async (input) => {
          const items = await readItems(input);
          progressOf.set(resource.slice('local:distributed-map-reader:'.length), { failed: 0, total: items.length });
          return items;
        };
      } else if (resource.startsWith('local:distributed-map-child:')) {
        const mapName = resource.slice('local:distributed-map-child:'.length);
        into[name] = (input) => runChild(mapName, input, progressOf.get(mapName) ?? { failed: 0, total: 1 });
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


  /**
   * TimeoutSecondsPath reads the state's input in AWS; the engine reads it from the input after
   * Parameters. So the path is evaluated into the Parameters, under a name the task handlers
   * take out again (TIMEOUT_FIELD), and the state's path points there: the same deadline, from the
   * same input, as AWS sets it.
   */
  const hoistTimeoutPath = (state: Json): Json => {
    if (state.Type !== 'Task' || !state.TimeoutSecondsPath || !state.Parameters) return state;
    // The engine's own timer gets the longest it can hold; the task handler keeps the real deadline.
    const { TimeoutSecondsPath, ...rest } = state;
    return { ...rest, Parameters: { ...state.Parameters, [`${TIMEOUT_FIELD}.$`]: TimeoutSecondsPath }, TimeoutSeconds: ENGINE_TIMEOUT_CAP_SECONDS };
  };

  const stats: WorkflowStats = { standardTransitions: 0, expressExecutions: 0, expressBilledMs: 0, expressFailed: 0 };

  /**
   * The engine has no Distributed Map: no ItemReader, no ItemBatcher, no child executions. Each
   * such Map becomes (1) a reader Task under the Map's own name that reads the S3 object as AWS
   * would (JSON Lines, batched by MaxItemsPerBatch and MaxInputBytesPerBatch, BatchInput
   * evaluated on the state's input) into one small descriptor per child — byte ranges, not the
   * rows, so a 100,000-row file never sits in memory — and (2) an inline Map over the
   * descriptors whose one Task runs the ItemProcessor as its own execution: a child, with its
   * own retries, timing and failure, tolerated as ToleratedFailurePercentage/Count say.
   */
  const children = new Map<string, { sm: StateMachine; overrides: Json; tolerated: { percent?: number; count?: number } }>();
  const localize = (states: Record<string, Json>, into: Record<string, Json> = {}) => {
    for (const [name, state] of Object.entries(states)) {
      if (state.Type === 'Parallel') {
        into[name] = { ...state, Branches: state.Branches.map((b: Json) => ({ ...b, States: localize(b.States) })) };
        continue;
      }
      const processor = state.Type === 'Map' ? (state.ItemProcessor ?? state.Iterator) : undefined;
      if (!processor || processor.ProcessorConfig?.Mode !== 'DISTRIBUTED') {
        into[name] = state.Type === 'Map' ? { ...state, ItemProcessor: { ...processor, States: localize(processor.States) } } : hoistTimeoutPath(state);
        continue;
      }
      const childDefinition = { StartAt: processor.StartAt, States: localize(processor.States) };
      children.set(name, {
        sm: new StateMachine(childDefinition, { validationOptions: { checkArn: false } }),
        // Express children wait for no task token: one set of handlers serves every child.
        overrides: {
          taskResourceLocalHandlers: taskHandlers(childDefinition.States, {}),
          ...(options.retryScale !== undefined ? { retryIntervalOverrides: retryOverrides(childDefinition.States, options.retryScale) } : {}),
        },
        tolerated: { percent: state.ToleratedFailurePercentage, count: state.ToleratedFailureCount },
      });
      const run = `${name} (children)`;
      const { ItemReader, ItemBatcher, ItemProcessor: _p, Iterator: _i, ToleratedFailurePercentage: _t, ToleratedFailureCount: _c, Label: _l, ResultWriter: _w, Next, End, ResultPath, Catch, ...rest } = state;
      into[name] = {
        Type: 'Task',
        Resource: `local:distributed-map-reader:${name}`,
        Parameters: { 'input.$': '$', reader: ItemReader ?? null, batcher: ItemBatcher ?? null },
        ResultPath: '$.__localMapItems',
        Next: run,
        ...(Catch ? { Catch } : {}),
      };
      into[run] = {
        ...rest,
        Type: 'Map',
        ItemsPath: '$.__localMapItems',
        ItemProcessor: { StartAt: 'Child', States: { Child: { Type: 'Task', Resource: `local:distributed-map-child:${name}`, End: true } } },
        ...(ResultPath !== undefined ? { ResultPath } : {}),
        ...(Next ? { Next } : {}),
        ...(End ? { End } : {}),
        ...(Catch ? { Catch } : {}),
      };
    }
    return into;
  };

  /** `$.a.b` against a document (the paths a definition's Parameters use here). */
  const at = (doc: Json, path: string) => path.replace(/^\$\.?/, '').split('.').filter(Boolean).reduce((v: Json, k) => (v == null ? v : v[k]), doc);
  const evaluate = (params: Json, doc: Json): Json =>
    params && typeof params === 'object' && !Array.isArray(params)
      ? Object.fromEntries(Object.entries(params).map(([k, v]) => (k.endsWith('.$') ? [k.slice(0, -2), at(doc, String(v))] : [k, evaluate(v, doc)])))
      : params;

  const readItems = async (input: { input: Json; reader: Json; batcher: Json }) => {
    if (!input.reader) throw new StatesError('States.Runtime', 'the local cloud runs Distributed Maps that read from S3 only');
    if (input.reader.ReaderConfig?.InputType !== 'JSONL') throw new StatesError('States.Runtime', 'the local cloud reads JSONL items only');
    if (!options.readObject) throw new StatesError('States.Runtime', 'no S3 reader configured');
    const { Bucket, Key } = evaluate(input.reader.Parameters, input.input) as { Bucket: string; Key: string };
    const body = await options.readObject(Bucket, Key);
    const maxItems = input.batcher?.MaxItemsPerBatch ?? 1;
    const maxBytes = input.batcher?.MaxInputBytesPerBatch ?? Infinity;
    const batchInput = input.batcher ? evaluate(input.batcher.BatchInput, input.input) : undefined;
    const descriptors: Json[] = [];
    let start = 0;
    let count = 0;
    let bytes = 0;
    let offset = 0;
    while (offset < body.length) {
      const nl = body.indexOf(10, offset);
      const end = nl === -1 ? body.length : nl + 1;
      const lineBytes = end - offset;
      if (body.subarray(offset, end).toString('utf8').trim()) {
        if (count && (count >= maxItems || bytes + lineBytes > maxBytes)) {
          descriptors.push({ bucket: Bucket, key: Key, start, end: offset, batched: Boolean(input.batcher), ...(batchInput ? { batchInput } : {}) });
          start = offset;
          count = 0;
          bytes = 0;
        }
        count++;
        bytes += lineBytes;
      } else if (!count) start = end;
      offset = end;
    }
    if (count) descriptors.push({ bucket: Bucket, key: Key, start, end: offset, batched: Boolean(input.batcher), ...(batchInput ? { batchInput } : {}) });
    return descriptors;
  };

  const runChild = async (mapName: string, d: Json, progress: { failed: number; total: number }) => {
    const child = children.get(mapName)!;
    const bytes = await options.readObject!(d.bucket, d.key, { start: d.start, end: d.end });
    const items = bytes.toString('utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
    const input = d.batched ? { Items: items, ...(d.batchInput ? { BatchInput: d.batchInput } : {}) } : items[0];
    const started = Date.now();
    stats.standardTransitions++; // the parent pays one transition per child it starts
    stats.expressExecutions++;
    try {
      return await child.sm.run(input, { overrides: child.overrides }).result;
    } catch (e) {
      const inner = innerError(e);
      stats.expressFailed++;
      progress.failed++;
      const { percent = 0, count = 0 } = child.tolerated;
      if (progress.failed > count && (progress.failed / Math.max(1, progress.total)) * 100 > percent) {
        throw new StatesError('States.ExceedToleratedFailureThreshold', `child failed: ${inner.name}: ${inner.message}`);
      }
      return { Error: inner.name, Cause: inner.message };
    } finally {
      stats.expressBilledMs += Math.ceil((Date.now() - started) / 100) * 100;
    }
  };

  const localizedDefinitions = new Map<string, Json>();
  const localized = (arn: string) => {
    let d = localizedDefinitions.get(arn);
    if (!d) {
      const definition = options.definitions.get(arn);
      if (!definition) throw new AwsError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
      // An execution's limit (a year for the issuance workflow) is more than the engine's timer
      // holds; a local cloud never runs that long.
      d = { ...definition, States: localize(definition.States), ...(definition.TimeoutSeconds > ENGINE_TIMEOUT_CAP_SECONDS ? { TimeoutSeconds: ENGINE_TIMEOUT_CAP_SECONDS } : {}) };
      localizedDefinitions.set(arn, d);
    }
    return d;
  };

  const machine = (arn: string) => {
    let m = machines.get(arn);
    if (!m) {
      const definition = localized(arn);
      m = new StateMachine(definition, { validationOptions: { checkArn: false } });
      machines.set(arn, m);
    }
    return m;
  };

  const startExecution = (input: { stateMachineArn: string; name?: string; input?: string }) => {
    const sm = machine(input.stateMachineArn);
    const definition = localized(input.stateMachineArn);
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
    void (async () => {
      try {
        for await (const event of run.eventLogs) if (event.type === 'StateEntered' && !('index' in event && event.index !== undefined)) stats.standardTransitions++;
      } catch {
        // the execution ended (aborted or failed): nothing more to count
      }
    })();
    const done = run.result.then(
      (output) => {
        Object.assign(execution, { status: 'SUCCEEDED', output: JSON.stringify(output), stopDate: Date.now() });
      },
      (err: Error) => {
        const inner = innerError(err);
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
    stats,
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
