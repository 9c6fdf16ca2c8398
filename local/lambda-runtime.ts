import { randomUUID } from 'node:crypto';
import type { Writable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import path from 'node:path';

export interface LocalFunction {
  logicalId: string;
  /** Handler source file, relative to the project root. */
  entry: string;
  environment: Record<string, string>;
  timeoutSeconds: number;
  memorySize: number;
}

/** A failed invocation, named like Lambda names it (the handler's error type). */
export class LambdaError extends Error {
  constructor(
    readonly errorType: string,
    message: string,
    readonly trace: string[] = [],
  ) {
    super(message);
    this.name = errorType;
  }
}

interface Environment {
  worker: Worker;
  ready: Promise<void>;
  pending: Map<string, { resolve(v: unknown): void; reject(e: Error): void; timer: NodeJS.Timeout }>;
}

/**
 * Runs each function in its own worker thread — an execution environment with its own
 * process.env (from the template) and module state, started on first use like a cold start.
 */
export class LambdaRuntime {
  private readonly environments = new Map<string, Environment>();
  readonly invocations = new Map<string, number>();
  /** Per function: invocations and their durations, as Lambda bills them (ms, rounded up). */
  readonly usage = new Map<string, { invocations: number; billedMs: number; memoryMb: number }>();

  constructor(
    private readonly functions: Map<string, LocalFunction>,
    private readonly projectRoot: string,
    private readonly log: Writable,
  ) {}

  has(logicalId: string) {
    return this.functions.has(logicalId);
  }

  private start(fn: LocalFunction): Environment {
    const worker = new Worker(new URL('./lambda-worker.mjs', import.meta.url), {
      workerData: {
        entry: pathToFileURL(path.join(this.projectRoot, fn.entry)).href,
        functionName: fn.logicalId,
        memorySize: fn.memorySize,
        timeoutMs: fn.timeoutSeconds * 1000,
      },
      env: fn.environment,
      stdout: true,
      stderr: true,
    });
    // Write, not pipe: many environments share one log stream.
    worker.stdout.on('data', (chunk: Buffer) => this.log.write(chunk));
    worker.stderr.on('data', (chunk: Buffer) => this.log.write(chunk));
    const env: Environment = {
      worker,
      pending: new Map(),
      ready: new Promise((resolve, reject) => {
        const onMessage = (m: { ready?: boolean }) => {
          if (m.ready) {
            worker.off('message', onMessage);
            resolve();
          }
        };
        worker.on('message', onMessage);
        worker.once('error', reject);
      }),
    };
    worker.on('message', (m: { id?: string; result?: unknown; error?: { errorType: string; errorMessage: string; trace: string[] } }) => {
      if (!m.id) return;
      const call = env.pending.get(m.id);
      if (!call) return;
      env.pending.delete(m.id);
      clearTimeout(call.timer);
      if (m.error) call.reject(new LambdaError(m.error.errorType, m.error.errorMessage, m.error.trace));
      else call.resolve(m.result);
    });
    worker.on('error', (e) => this.discard(fn.logicalId, e));
    worker.on('exit', () => this.discard(fn.logicalId, new LambdaError('Runtime.ExitError', 'the execution environment exited')));
    this.environments.set(fn.logicalId, env);
    return env;
  }

  private discard(logicalId: string, error: Error) {
    const env = this.environments.get(logicalId);
    if (!env) return;
    this.environments.delete(logicalId);
    for (const call of env.pending.values()) {
      clearTimeout(call.timer);
      call.reject(error instanceof LambdaError ? error : new LambdaError('Runtime.ExitError', error.message));
    }
    void env.worker.terminate();
  }

  async invoke(logicalId: string, event: unknown): Promise<unknown> {
    const fn = this.functions.get(logicalId);
    if (!fn) throw new LambdaError('ResourceNotFoundException', `Function not found: ${logicalId}`);
    this.invocations.set(logicalId, (this.invocations.get(logicalId) ?? 0) + 1);
    const env = this.environments.get(logicalId) ?? this.start(fn);
    await env.ready;
    const id = randomUUID();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        env.pending.delete(id);
        reject(new LambdaError('Sandbox.Timedout', `Task timed out after ${fn.timeoutSeconds} seconds`));
        // Lambda discards a timed-out environment; so do we.
        this.discard(logicalId, new LambdaError('Sandbox.Timedout', 'environment discarded after a timeout'));
      }, fn.timeoutSeconds * 1000);
      const started = performance.now();
      const bill = () => {
        const u = this.usage.get(logicalId) ?? { invocations: 0, billedMs: 0, memoryMb: fn.memorySize };
        u.invocations++;
        u.billedMs += Math.ceil(performance.now() - started);
        this.usage.set(logicalId, u);
      };
      env.pending.set(id, {
        resolve: (v) => {
          bill();
          resolve(v);
        },
        reject: (e) => {
          bill();
          reject(e);
        },
        timer,
      });
      env.worker.postMessage({ id, event: JSON.parse(JSON.stringify(event)), requestId: id });
    });
  }

  async stop() {
    await Promise.all([...this.environments.values()].map((e) => e.worker.terminate()));
    this.environments.clear();
  }
}
