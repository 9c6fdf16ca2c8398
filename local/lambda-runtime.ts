import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
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
  /** When it last finished an invocation: the least recently used idle one is reclaimed first. */
  lastUsed: number;
  pending: Map<string, { resolve(v: unknown): void; reject(e: Error): void; timer: NodeJS.Timeout }>;
}

/**
 * Runs each function in worker threads — execution environments with their own process.env
 * (from the template) and module state, started on first use like a cold start. As in Lambda,
 * an environment serves one invocation at a time, and concurrent invocations get environments
 * of their own (up to `maxEnvironments` per function; beyond it they wait for one to be free).
 * So module state means what it means in Lambda: a per-environment rate limiter paces one
 * invocation, not every concurrent one together.
 *
 * One machine is not a region, so two limits keep a burst of cold starts from starving
 * everything else (the role matrix calls every admin route at once: ~130 functions starting
 * together kept 76 threads runnable on 2 cores and timed requests out across the test run):
 * at most `maxConcurrentStarts` environments initialise at once — the others queue, as a
 * throttled account's would — and beyond `maxLiveEnvironments` the least recently used idle
 * environment is reclaimed, as Lambda reclaims idle ones, so memory stays bounded. The live
 * limit sits above the template's function count (131): one warm environment of each fits,
 * so a suite that walks every function does not cycle them through cold starts.
 */
export class LambdaRuntime {
  private readonly environments = new Map<string, Environment[]>();
  private readonly waiting = new Map<string, (() => void)[]>();
  /** Per function: environments promised a start slot but not yet started (count against the limit). */
  private readonly reserved = new Map<string, number>();
  private starting = 0;
  private readonly startQueue: (() => void)[] = [];
  readonly coldStarts = new Map<string, number>();
  readonly invocations = new Map<string, number>();
  /** Per function: invocations and their durations, as Lambda bills them (ms, rounded up). */
  readonly usage = new Map<string, { invocations: number; billedMs: number; memoryMb: number }>();

  constructor(
    private readonly functions: Map<string, LocalFunction>,
    private readonly projectRoot: string,
    private readonly log: Writable,
    private readonly maxEnvironments = 10,
    private readonly maxConcurrentStarts = Math.max(2, availableParallelism()),
    private readonly maxLiveEnvironments = 160,
  ) {}

  has(logicalId: string) {
    return this.functions.has(logicalId);
  }

  private start(fn: LocalFunction): Environment {
    this.reclaimIdle();
    this.coldStarts.set(fn.logicalId, (this.coldStarts.get(fn.logicalId) ?? 0) + 1);
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
      lastUsed: Date.now(),
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
        worker.once('exit', () => reject(new LambdaError('Runtime.ExitError', 'the execution environment exited while starting')));
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

  /** Beyond the live limit, the least recently used idle environments go (busy ones never do). */
  private reclaimIdle() {
    const all = [...this.environments.entries()].flatMap(([id, envs]) => envs.map((env) => ({ id, env })));
    const idle = all.filter((e) => !e.env.busy).sort((a, b) => a.env.lastUsed - b.env.lastUsed);
    for (let excess = all.length + 1 - this.maxLiveEnvironments; excess > 0 && idle.length; excess--) {
      const { id, env } = idle.shift()!;
      this.discard(id, env, new LambdaError('Runtime.ExitError', 'the execution environment was reclaimed'));
    }
  }

  private takeStartSlot(): Promise<void> {
    if (this.starting < this.maxConcurrentStarts) {
      this.starting++;
      return Promise.resolve();
    }
    // The slot is handed over by endStart: `starting` stays counted.
    return new Promise((r) => this.startQueue.push(r));
  }

  private endStart() {
    const next = this.startQueue.shift();
    if (next) next();
    else this.starting--;
  }

  private takeFree(logicalId: string) {
    const free = (this.environments.get(logicalId) ?? []).find((e) => !e.busy);
    if (free) free.busy = true;
    return free;
  }

  /** A free environment (marked busy), a new one, or — at the limit — the next one freed. */
  private async acquire(fn: LocalFunction): Promise<Environment> {
    const id = fn.logicalId;
    for (;;) {
      const free = this.takeFree(id);
      if (free) return free;
      const reserved = this.reserved.get(id) ?? 0;
      if ((this.environments.get(id)?.length ?? 0) + reserved < this.maxEnvironments) {
        this.reserved.set(id, reserved + 1);
        await this.takeStartSlot();
        this.reserved.set(id, (this.reserved.get(id) ?? 1) - 1);
        // An environment freed while this one queued is a warm start: take it, give the slot back.
        const freed = this.takeFree(id);
        if (freed) {
          this.endStart();
          return freed;
        }
        const env = this.start(fn);
        env.ready.then(
          () => this.endStart(),
          () => this.endStart(),
        );
        return env;
      }
      await new Promise<void>((r) => this.waiting.set(id, [...(this.waiting.get(id) ?? []), r]));
    }
  }

  private release(logicalId: string, env?: Environment) {
    if (env) {
      env.busy = false;
      env.lastUsed = Date.now();
    }
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
