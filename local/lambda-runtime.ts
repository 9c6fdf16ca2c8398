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

/**
 * The heap Lambda's Node.js bootstrap gives a function of `memoryMb`: a tenth of the memory for
 * the young generation (two semi-spaces of a twentieth each), the rest for the old one. V8's
 * young generation is three semi-spaces' worth (two, plus the new large-object space).
 */
export function heapLimits(memoryMb: number) {
  const semiSpace = Math.floor(memoryMb / 20);
  return { maxYoungGenerationSizeMb: semiSpace * 3, maxOldGenerationSizeMb: memoryMb - semiSpace * 2 };
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
  /** Serving an invocation: like Lambda, an environment serves one at a time. */
  busy: boolean;
  pending: Map<string, { resolve(v: unknown): void; reject(e: Error): void; timer: NodeJS.Timeout }>;
}

/**
 * Runs each function in worker threads — execution environments with their own process.env
 * (from the template) and module state, started on first use like a cold start. As in Lambda,
 * an environment serves one invocation at a time, and concurrent invocations get environments
 * of their own (up to `maxEnvironments` per function; beyond it they wait for one to be free).
 * So module state means what it means in Lambda: a per-environment rate limiter paces one
 * invocation, not every concurrent one together.
 */
export class LambdaRuntime {
  private readonly environments = new Map<string, Environment[]>();
  private readonly waiting = new Map<string, (() => void)[]>();
  readonly invocations = new Map<string, number>();
  /** Per function: invocations and their durations, as Lambda bills them (ms, rounded up). */
  readonly usage = new Map<string, { invocations: number; billedMs: number; memoryMb: number }>();

  constructor(
    private readonly functions: Map<string, LocalFunction>,
    private readonly projectRoot: string,
    private readonly log: Writable,
    private readonly maxEnvironments = 10,
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
      resourceLimits: heapLimits(fn.memorySize),
      stdout: true,
      stderr: true,
    });
    // Write, not pipe: many environments share one log stream.
    worker.stdout.on('data', (chunk: Buffer) => this.log.write(chunk));
    worker.stderr.on('data', (chunk: Buffer) => this.log.write(chunk));
    const env: Environment = {
      worker,
      busy: true,
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
    worker.on('error', (e) => this.discard(fn.logicalId, env, e));
    worker.on('exit', () => this.discard(fn.logicalId, env, new LambdaError('Runtime.ExitError', 'the execution environment exited')));
    this.environments.set(fn.logicalId, [...(this.environments.get(fn.logicalId) ?? []), env]);
    return env;
  }

  private discard(logicalId: string, env: Environment, error: Error) {
    const all = this.environments.get(logicalId) ?? [];
    if (!all.includes(env)) return;
    this.environments.set(logicalId, all.filter((e) => e !== env));
    for (const call of env.pending.values()) {
      clearTimeout(call.timer);
      call.reject(error instanceof LambdaError ? error : new LambdaError('Runtime.ExitError', error.message));
    }
    env.pending.clear();
    void env.worker.terminate();
    this.release(logicalId);
  }

  /** A free environment (marked busy), a new one, or — at the limit — the next one freed. */
  private async acquire(fn: LocalFunction): Promise<Environment> {
    for (;;) {
      const all = this.environments.get(fn.logicalId) ?? [];
      const free = all.find((e) => !e.busy);
      if (free) {
        free.busy = true;
        return free;
      }
      if (all.length < this.maxEnvironments) return this.start(fn);
      await new Promise<void>((r) => this.waiting.set(fn.logicalId, [...(this.waiting.get(fn.logicalId) ?? []), r]));
    }
  }

  private release(logicalId: string, env?: Environment) {
    if (env) env.busy = false;
    const next = this.waiting.get(logicalId)?.shift();
    next?.();
  }

  /** How far the local clock is moved (local/scheduler.ts): each invocation runs at that offset. */
  clockOffsetMs: () => number = () => 0;

  async invoke(logicalId: string, event: unknown): Promise<unknown> {
    const fn = this.functions.get(logicalId);
    if (!fn) throw new LambdaError('ResourceNotFoundException', `Function not found: ${logicalId}`);
    this.invocations.set(logicalId, (this.invocations.get(logicalId) ?? 0) + 1);
    const env = await this.acquire(fn);
    try {
      await env.ready;
    } catch (e) {
      this.discard(logicalId, env, e as Error);
      throw e;
    }
    const id = randomUUID();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        env.pending.delete(id);
        reject(new LambdaError('Sandbox.Timedout', `Task timed out after ${fn.timeoutSeconds} seconds`));
        // Lambda discards a timed-out environment; so do we.
        this.discard(logicalId, env, new LambdaError('Sandbox.Timedout', 'environment discarded after a timeout'));
      }, fn.timeoutSeconds * 1000);
      const started = performance.now();
      const done = () => {
        const u = this.usage.get(logicalId) ?? { invocations: 0, billedMs: 0, memoryMb: fn.memorySize };
        u.invocations++;
        u.billedMs += Math.ceil(performance.now() - started);
        this.usage.set(logicalId, u);
        this.release(logicalId, env);
      };
      env.pending.set(id, {
        resolve: (v) => {
          done();
          resolve(v);
        },
        reject: (e) => {
          done();
          reject(e);
        },
        timer,
      });
      env.worker.postMessage({ id, event: JSON.parse(JSON.stringify(event)), requestId: id, clockOffsetMs: this.clockOffsetMs() });
    });
  }

  async stop() {
    await Promise.all([...this.environments.values()].flat().map((e) => e.worker.terminate()));
    this.environments.clear();
  }
}
