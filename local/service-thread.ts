import { Worker } from 'node:worker_threads';

/**
 * A stand-in on a worker thread of its own (see fault-proxy-worker.mjs, stand-ins-worker.mjs).
 * The thread says `{ ready: true }` once it listens; answers `{ ask: id, ... }` with
 * `{ answer: id, value }`; and on `{ stop: true }` closes its servers and says `{ stopped: true }`.
 */
export interface ServiceThread {
  ask<T>(message: Record<string, unknown>): Promise<T>;
  stop(): Promise<void>;
}

export async function startServiceThread(url: URL, workerData: unknown, what: string): Promise<ServiceThread> {
  const worker = new Worker(url, { workerData });
  const next = (match: (m: Record<string, unknown>) => boolean) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const onMessage = (m: Record<string, unknown>) => {
        if (!match(m)) return;
        worker.off('message', onMessage);
        worker.off('error', onError);
        resolve(m);
      };
      const onError = (e: Error) => {
        worker.off('message', onMessage);
        reject(new Error(`${what}: ${e.message}`));
      };
      worker.on('message', onMessage);
      worker.once('error', onError);
    });
  await next((m) => m.ready === true);
  let asked = 0;
  return {
    async ask<T>(message: Record<string, unknown>) {
      const id = ++asked;
      const answer = next((m) => m.answer === id);
      worker.postMessage({ ...message, ask: id });
      return (await answer).value as T;
    },
    async stop() {
      const stopped = next((m) => m.stopped === true);
      worker.postMessage({ stop: true });
      await stopped;
      await worker.terminate();
    },
  };
}
