import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { consoleContext, consoleOrigin, serveConsole } from './console-server';
import { DEMO_IDENTITY_PROVIDERS } from './federation';
import type { StoredEvent } from './eventbridge-server';
import type { FaultService, FaultStats } from './fault-proxy';
import type { IdentityState } from './identity-provider';
import type { LambdaRuntime } from './lambda-runtime';
import { runCustomResources } from './custom-resources';
import { provision, type NameTable } from './provision';
import { ARTIFACT_BUCKET_METADATA } from '../infra/template-metadata';
import { readTemplate, STACK, type LocalTemplate } from './read-template';
import type { WorkflowStats } from './sfn-server';
import { startStandIns, USER_POOL_CLIENT_ID, type StandIns } from './stand-ins';
import { Teardown } from './teardown';
import { wire, type Wired } from './wire';

/**
 * The local cloud: the synthesized template run on local stand-ins of the AWS services, in three
 * steps — read the template (read-template.ts), start the stand-ins and create the template's
 * resources in them (stand-ins.ts, provision.ts), then run the functions and connect them as the
 * template does (wire.ts). Beside them, the staff console (console-server.ts).
 */

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface LocalCloudOptions {
  /** First port; the stand-ins take the next nine, the console port + 10, SQS port + 19 and Lambda port + 24. Default: $PORT or 4510. */
  port?: number;
  /** Where outputs, logs, the synthesized template and S3 objects go. Default: .local */
  stateDir?: string;
  /** Scales state-machine retry intervals (tests use a small factor). */
  retryScale?: number;
  /** Print function logs to the console instead of only to <stateDir>/logs/functions.log. */
  verbose?: boolean;
  /**
   * CDK context overrides (deployment settings), e.g. { 'laurel:vcJwt': true }. They win over
   * the settings the local cloud makes for its console (console-server.ts consoleContext).
   */
  context?: Record<string, unknown>;
  /** Fail this fraction of the functions' calls to these stand-ins with real throttling/5xx errors. */
  faults?: { rate: number; services?: FaultService[]; seed?: number };
}

export interface LocalOutputs {
  PublicApiUrl: string;
  AdminApiUrl: string;
  /** The staff console, signing in with the local identity provider. */
  ConsoleUrl: string;
  MailboxUrl: string;
  EventsUrl: string;
  /** The local clock and the Scheduler stand-in: GET/POST /clock, GET /schedules, POST /schedules/fire (local/scheduler.ts). */
  ClockUrl: string;
  /** The internet stand-in other issuers' documents are served from (PUT /__documents). */
  InternetUrl: string;
  IdentityIssuer: string;
  UserPoolClientId: string;
  /** The machine client (client credentials); its secret is in identity.json. */
  MachineClientId: string;
  TokenUrl: string;
  DynamoDbEndpoint: string;
  S3Endpoint: string;
  KmsEndpoint: string;
  StepFunctionsEndpoint: string;
  EventBridgeEndpoint: string;
  SqsEndpoint: string;
  TableName: string;
  BucketName: string;
  /** The archive (S3 Object Lock in AWS; the stand-in keeps no lock): the audit trail's anchors. */
  ArchiveBucketName: string;
  /** Lambda's Invoke API, and the audit trail's writer (for code in a test process that appends). */
  LambdaEndpoint: string;
  AuditWriterFunction: string;
  StateMachineArn: string;
  /** The cohort batches' parent state machine. */
  BatchStateMachineArn: string;
  SigningKeyArn: string;
  /** The learner-index HMAC key (`laurel rekey-learners` and in-process tests derive learner keys with it). */
  LearnerKeyArn: string;
  /** The queue Canvas Live Events are sent to (what an admin pastes into Canvas Data Services). */
  CanvasLiveEventsQueueUrl: string;
  /** Laurel's domain-event bus, where systems inside AWS put CompletionRecorded. */
  EventBusName: string;
}

export interface LocalCloud {
  outputs: LocalOutputs;
  identity: IdentityState;
  events: StoredEvent[];
  runtime: LambdaRuntime;
  /** Calls seen and faults injected, per stand-in, as of now (empty when faults are off). */
  faultStats(): Promise<Partial<Record<FaultService, FaultStats>>>;
  /** Standard transitions and Express children, as counted by the Step Functions stand-in. */
  workflowStats: WorkflowStats;
  /** Resolves when no workflow execution is running. */
  idle(): Promise<void>;
  /** The template's SQS queues. */
  queues: {
    /** Queue URLs by logical id. */
    urls: Record<string, string>;
    /** Resolves when every queue a function consumes is empty and no batch is being processed. */
    idle(): Promise<void>;
    /** Messages (visible, in flight or delayed) in one queue, by logical id, name, URL or ARN; or in all of them. */
    depth(queue?: string): number;
    /** SQS requests so far: the functions' API calls and the pollers' receives and deletes. */
    requests(): number;
  };
  stop(): Promise<void>;
}

export async function startLocalCloud(options: LocalCloudOptions = {}): Promise<LocalCloud> {
  // Machines here run Node 20, Lambda runs 22: the SDK's notice about Node 20 is known and noise.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const stateDir = path.resolve(PROJECT_ROOT, options.stateDir ?? '.local');
  rmSync(path.join(stateDir, 's3'), { recursive: true, force: true });
  mkdirSync(path.join(stateDir, 'logs'), { recursive: true });
  const base = options.port ?? Number(process.env.PORT ?? 4510);
  const teardown = new Teardown();
  try {
    // The template lets the console's origin sign in and call the admin API, as a deployment's settings would.
    // …and federates a demo identity provider, whose groups the sign-in page lets you choose (local/federation.ts).
    const t = await readTemplate(path.join(stateDir, 'cdk.out'), { ...consoleContext(consoleOrigin(base)), 'laurel:staffIdentityProviders': DEMO_IDENTITY_PROVIDERS, ...options.context });
    const s = await startStandIns({ base, host: '127.0.0.1', stateDir, ...(options.faults ? { faults: options.faults } : {}) }, teardown);
    const { names, apiPorts } = await provision(t, s);
    const wired = await wire(t, s, names, apiPorts, { projectRoot: PROJECT_ROOT, stateDir, verbose: options.verbose, retryScale: options.retryScale }, teardown);
    // As CloudFormation finishes a stack: its custom resources (the default issuer's keys).
    await runCustomResources(t, s, names, wired.runtime);
    const outputs = outputsOf(t, s, names);
    await serveConsole(t, s, outputs, PROJECT_ROOT, teardown);
    // Same shape as `cdk deploy --outputs-file`: { <stack>: { <output>: value } }
    writeFileSync(path.join(stateDir, 'outputs.json'), `${JSON.stringify({ [STACK]: outputs }, null, 2)}\n`);
    writeFileSync(path.join(stateDir, 'identity.json'), `${JSON.stringify(s.identity, null, 2)}\n`, { mode: 0o600 });
    return {
      outputs,
      identity: s.identity,
      events: s.events,
      runtime: wired.runtime,
      faultStats: s.faultStats,
      idle: wired.sfn.idle,
      queues: queuesOf(t, s, names, wired),
      workflowStats: wired.sfn.stats,
      stop: () => teardown.stop(),
    };
  } catch (e) {
    await teardown.stop();
    throw e;
  }
}

function queuesOf(t: LocalTemplate, s: StandIns, names: NameTable, { pollers }: Wired): LocalCloud['queues'] {
  return {
    urls: Object.fromEntries(t.ofType('AWS::SQS::Queue').map(([id]) => [id, names.required(id)])),
    // One consumer can send to another's queue: idle only when all are idle at once.
    async idle() {
      do await Promise.all(pollers.map((p) => p.poller.idle()));
      while (pollers.some((p) => p.poller.inFlight > 0 || s.sqs.stats(p.queueArn).total > 0));
    },
    depth: (queue) =>
      queue === undefined ? s.sqs.queueNames().reduce((n, name) => n + s.sqs.stats(name).total, 0) : s.sqs.stats(names.getAtt(queue, 'Arn') ?? queue).total,
    requests: () => s.sqs.requests + pollers.reduce((n, p) => n + p.poller.requests, 0),
  };
}

/** The only resource of a type, or the first if there are several. */
function firstOfType(t: LocalTemplate, type: string): string {
  const found = t.ofType(type)[0];
  if (!found) throw new Error(`the template has no ${type}`);
  return found[0];
}

/** The artifact bucket, told from its access-log bucket by the metadata its construct writes. */
function artifactBucket(t: LocalTemplate): string {
  const found = t.ofType('AWS::S3::Bucket').find(([, bucket]) => bucket.Metadata?.[ARTIFACT_BUCKET_METADATA]);
  if (!found) throw new Error(`the template has no bucket marked ${ARTIFACT_BUCKET_METADATA}`);
  return found[0];
}

function auditWriter(t: LocalTemplate): string {
  const found = t.functions.find((f) => f.entry === 'functions/audit/write-audit-trail.ts');
  if (!found) throw new Error('the template has no audit writer (functions/audit/write-audit-trail.ts)');
  return found.id;
}

function archiveBucket(t: LocalTemplate): string {
  const found = t.ofType('AWS::S3::Bucket').find(([, bucket]) => bucket.Properties?.ObjectLockEnabled === true);
  if (!found) throw new Error('the template has no Object Lock bucket (the archive)');
  return found[0];
}

function outputsOf(t: LocalTemplate, s: StandIns, names: NameTable): LocalOutputs {
  const { ports, direct, url, identity } = s;
  // The credential signing key (Ed25519); another key, if any, signs VC-JWTs.
  const signingKey = t.ofType('AWS::KMS::Key').find(([, key]) => key.Properties?.KeySpec === 'ECC_NIST_EDWARDS25519');
  if (!signingKey) throw new Error('the template has no Ed25519 KMS key');
  // Two HMAC keys: the learner index's, and the integrations' (infra/constructs/integration-secrets-key.ts).
  const learnerKey = t.ofType('AWS::KMS::Key').find(([id, key]) => key.Properties?.KeySpec === 'HMAC_256' && id.startsWith('LearnerIndexKey'));
  if (!learnerKey) throw new Error('the template has no HMAC_256 KMS key (the learner index)');
  const canvasQueue = t.ofType('AWS::SQS::Queue').find(([, q]) => String(q.Properties?.QueueName ?? '').startsWith('canvas-live-events'));
  if (!canvasQueue) throw new Error('the template has no canvas-live-events queue');
  return {
    PublicApiUrl: url(ports.publicApi),
    AdminApiUrl: url(ports.adminApi),
    ConsoleUrl: consoleOrigin(s.base),
    MailboxUrl: url(ports.mailbox),
    EventsUrl: `${url(ports.events)}/events`,
    ClockUrl: url(ports.events),
    InternetUrl: url(ports.internet),
    IdentityIssuer: identity.issuer,
    UserPoolClientId: USER_POOL_CLIENT_ID,
    MachineClientId: identity.machineClients[0]?.clientId ?? '',
    TokenUrl: `${identity.issuer}/oauth2/token`,
    // For people and tests inspecting state: straight to the stand-ins, past any fault proxy.
    DynamoDbEndpoint: url(direct.dynamodb),
    S3Endpoint: url(direct.s3),
    KmsEndpoint: url(direct.kms),
    StepFunctionsEndpoint: url(ports.sfn),
    EventBridgeEndpoint: url(ports.events),
    SqsEndpoint: url(ports.sqs),
    TableName: names.required(firstOfType(t, 'AWS::DynamoDB::Table')),
    BucketName: names.required(artifactBucket(t)),
    ArchiveBucketName: names.required(archiveBucket(t)),
    LambdaEndpoint: url(ports.lambda),
    AuditWriterFunction: names.required(auditWriter(t)),
    StateMachineArn: names.required(t.stateMachines.issuance),
    BatchStateMachineArn: names.required(t.stateMachines.batch),
    SigningKeyArn: names.required(signingKey[0], 'Arn'),
    LearnerKeyArn: names.required(learnerKey[0], 'Arn'),
    CanvasLiveEventsQueueUrl: names.required(canvasQueue[0]),
    EventBusName: names.required(firstOfType(t, 'AWS::Events::EventBus')),
  };
}
