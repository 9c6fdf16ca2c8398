import type { ChildProcess } from 'node:child_process';
import type { Server } from 'node:http';
import { listen } from './http-util';

/**
 * What the local cloud has started, stopped in reverse: whatever was started later may still use
 * what was started earlier (a poller invokes the runtime, the runtime calls the stand-ins), so it
 * stops first. Servers close after every stop step (their last requests are answered), and
 * child processes (DynamoDB Local) are killed last.
 */
export class Teardown {
  private readonly steps: (() => Promise<void> | void)[] = [];
  private readonly servers: Server[] = [];
  private readonly children: ChildProcess[] = [];

  onStop(step: () => Promise<void> | void) {
    this.steps.push(step);
  }

  /** Listens on host:port, and closes the server on stop. */
  async listen(server: Server, port: number, host: string) {
    this.servers.push(await listen(server, port, host));
  }

  child(process: ChildProcess) {
    this.children.push(process);
  }

  async stop() {
    for (const step of this.steps.reverse()) await step();
    await Promise.all(this.servers.map((s) => new Promise<void>((r) => { s.closeAllConnections?.(); s.close(() => r()); })));
    for (const c of this.children) c.kill('SIGKILL');
  }
}
