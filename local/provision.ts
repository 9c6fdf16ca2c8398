import { CreateTableCommand, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, PutBucketCorsCommand, PutBucketVersioningCommand, type CORSRule } from '@aws-sdk/client-s3';
import { newClientSecret } from './identity-provider';
import { STACK, type LocalTemplate } from './read-template';
import { USER_POOL_CLIENT_ID, type StandIns } from './stand-ins';
import { LOCAL_ACCOUNT, LOCAL_REGION, resolve, type LocalNames, type Resource } from './template';

/**
 * The local cloud's second step: give every resource of the template the name it has locally (what
 * a Ref or GetAtt of it resolves to), and create in the stand-ins what the template declares:
 * tables, buckets, queues, KMS keys and aliases, and the identity provider's clients (the machine
 * clients, and where the staff client's browser sign-in may return).
 */

/** The local names of the template's resources: what its intrinsics resolve to. */
export class NameTable implements LocalNames {
  private readonly refs = new Map<string, string>();
  private readonly atts = new Map<string, string>();

  set(id: string, ref: string, atts: Record<string, string> = {}) {
    this.refs.set(id, ref);
    for (const [attribute, value] of Object.entries(atts)) this.atts.set(`${id}.${attribute}`, value);
  }

  ref(id: string) {
    return this.refs.get(id);
  }

  getAtt(id: string, attribute: string) {
    return this.atts.get(`${id}.${attribute}`);
  }

  /** A name that must exist: the resource was named from the template's own resources. */
  required(id: string, attribute?: string): string {
    const value = attribute === undefined ? this.ref(id) : this.getAtt(id, attribute);
    if (value === undefined) throw new Error(`the local cloud has no ${attribute ?? 'Ref'} of ${id}`);
    return value;
  }
}

export interface Provisioned {
  names: NameTable;
  /** The port of each HTTP API, by logical id. */
  apiPorts: Map<string, number>;
}

export async function provision(t: LocalTemplate, s: StandIns): Promise<Provisioned> {
  const apiPorts = new Map([
    [t.apis.public, s.ports.publicApi],
    [t.apis.admin, s.ports.adminApi],
  ]);
  const names = nameResources(t, s, apiPorts);
  allowMachineClientScopes(t, s, names);
  allowStaffRedirects(t, s, names);
  federateProviders(t, s);
  for (const [id, alias] of t.ofType('AWS::KMS::Alias')) {
    s.kms.createAlias(alias.Properties!.AliasName, resolve(alias.Properties!.TargetKeyId, names));
    names.set(id, alias.Properties!.AliasName);
  }
  await createTables(t, s, names);
  await createBuckets(t, s, names);
  createQueues(t, s, names);
  return { names, apiPorts };
}

const arn = (service: string, resource: string) => `arn:aws:${service}:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${resource}`;

/**
 * Names each resource by its type. KMS keys and machine clients are created as they are named:
 * their names are what the stand-ins give them.
 */
function nameResources(t: LocalTemplate, s: StandIns, apiPorts: Map<string, number>): NameTable {
  const names = new NameTable();
  const byType: Record<string, (id: string, r: Resource) => void> = {
    'AWS::DynamoDB::Table': (id) => names.set(id, `${STACK}-${id}`, { Arn: arn('dynamodb', `table/${STACK}-${id}`) }),
    'AWS::S3::Bucket': (id) => names.set(id, `laurel-${id.toLowerCase()}`, { Arn: `arn:aws:s3:::laurel-${id.toLowerCase()}` }),
    'AWS::KMS::Key': (id, r) => {
      // A symmetric key (the data key) encrypts at rest, which the stand-ins do not model: named, not created.
      if (!r.Properties?.KeySpec || r.Properties.KeySpec === 'SYMMETRIC_DEFAULT') {
        const keyId = `local-${id.toLowerCase()}`;
        return names.set(id, keyId, { Arn: arn('kms', `key/${keyId}`) });
      }
      // Signing keys (ECC_NIST_*) and the learner index's HMAC key (HMAC_256) are made in the stand-in, with the template's spec.
      const tags = (r.Properties?.Tags ?? []).map((tag: { Key: string; Value: string }) => ({ TagKey: tag.Key, TagValue: tag.Value }));
      const key = s.kms.createKey(r.Properties?.KeySpec ?? 'ECC_NIST_EDWARDS25519', r.Properties?.Description, tags);
      names.set(id, key.id, { Arn: key.arn });
    },
    'AWS::Events::EventBus': (id) => names.set(id, `${STACK}-${id}`, { Name: `${STACK}-${id}`, Arn: arn('events', `event-bus/${STACK}-${id}`) }),
    'AWS::SES::ConfigurationSet': (id) => names.set(id, `laurel-${id.toLowerCase()}`),
    'AWS::Lambda::Function': (id) => names.set(id, id, { Arn: arn('lambda', `function:${id}`) }),
    'AWS::StepFunctions::StateMachine': (id) => names.set(id, arn('states', `stateMachine:${id}`), { Name: id, Arn: arn('states', `stateMachine:${id}`) }),
    'AWS::ApiGatewayV2::Api': (id) => {
      // APIs other than the public and admin ones get ports from base + 12 on.
      const port = apiPorts.get(id) ?? s.base + 10 + apiPorts.size;
      apiPorts.set(id, port);
      names.set(id, id.toLowerCase(), { ApiEndpoint: s.url(port) });
    },
    'AWS::Cognito::UserPool': (id) => names.set(id, `${LOCAL_REGION}_local`, { ProviderURL: s.identity.issuer, Arn: arn('cognito-idp', `userpool/${LOCAL_REGION}_local`) }),
    'AWS::Cognito::UserPoolClient': (id, r) => names.set(id, r.Properties?.GenerateSecret ? addMachineClient(s, id) : USER_POOL_CLIENT_ID),
    'AWS::Cognito::UserPoolResourceServer': (id, r) => names.set(id, r.Properties?.Identifier),
    'AWS::SQS::Queue': (id, r) => {
      // A name the template sets (Canvas's queue must start canvas-live-events) is kept, as in AWS.
      const name = typeof r.Properties?.QueueName === 'string' ? r.Properties.QueueName : `${STACK}-${id}`;
      const queueUrl = `${s.url(s.ports.sqs)}/${LOCAL_ACCOUNT}/${name}`;
      names.set(id, queueUrl, { Arn: arn('sqs', name), QueueName: name, QueueUrl: queueUrl });
    },
  };
  for (const [id, r] of Object.entries(t.template.Resources)) {
    const name = byType[r.Type];
    if (name) name(id, r);
    else names.set(id, id, { Arn: arn('local', id) });
  }
  return names;
}

/** A machine client (client credentials): an id and a fresh secret; its scopes once all is named. */
function addMachineClient(s: StandIns, id: string): string {
  const clientId = `local-machine-${id.toLowerCase().slice(-8)}`;
  s.identity.machineClients.push({ clientId, clientSecret: newClientSecret(), scopes: [] });
  return clientId;
}

/** The scopes the template allows each machine client: names of the resource server's scopes. */
function allowMachineClientScopes(t: LocalTemplate, s: StandIns, names: NameTable) {
  for (const [id, r] of t.ofType('AWS::Cognito::UserPoolClient')) {
    const client = s.identity.machineClients.find((c) => c.clientId === names.ref(id));
    if (client) client.scopes = resolve(r.Properties?.AllowedOAuthScopes ?? [], names);
  }
}

/**
 * Where the staff client's browser sign-in and sign-out may return: its CallbackURLs and
 * LogoutURLs, which only a client with the authorization code flow has (laurel:staffCallbackUrls;
 * the local cloud sets its console's). Without them the identity provider refuses every sign-in.
 */
function allowStaffRedirects(t: LocalTemplate, s: StandIns, names: NameTable) {
  const staff = t
    .ofType('AWS::Cognito::UserPoolClient')
    .find(([id, r]) => names.ref(id) === USER_POOL_CLIENT_ID && (r.Properties?.AllowedOAuthFlows ?? []).includes('code') && r.Properties?.CallbackURLs);
  const p = staff?.[1].Properties ?? {};
  s.identity.callbackUrls = resolve(p.CallbackURLs ?? [], names);
  s.identity.logoutUrls = resolve(p.LogoutURLs ?? [], names);
}

/**
 * The identity providers the template federates, for the sign-in page's second form, each with
 * the mapping its groups have in the pre-token-generation trigger's GROUP_MAPPINGS (to show).
 */
function federateProviders(t: LocalTemplate, s: StandIns) {
  const trigger = t.functions.find((f) => f.entry === 'functions/staff/map-federated-groups.ts');
  const raw = trigger?.resource.Properties?.Environment?.Variables?.GROUP_MAPPINGS;
  const mappings = (typeof raw === 'string' ? JSON.parse(raw) : {}) as Record<string, Record<string, string[]>>;
  s.identity.poolId = `${LOCAL_REGION}_local`;
  s.identity.federation = t.ofType('AWS::Cognito::UserPoolIdentityProvider').map(([, r]) => {
    const name = String(r.Properties?.ProviderName);
    return { name, type: r.Properties?.ProviderType === 'OIDC' ? 'OIDC' : 'SAML', ...(mappings[name] ? { mapping: mappings[name] } : {}) };
  });
}

/** Tables from their template properties: keys, indexes and TTL (the rest has no local effect). */
async function createTables(t: LocalTemplate, s: StandIns, names: NameTable) {
  for (const [id, table] of t.ofType('AWS::DynamoDB::Table')) {
    const p = table.Properties!;
    const indexes = p.GlobalSecondaryIndexes?.map((g: Record<string, unknown>) => ({ IndexName: g.IndexName, KeySchema: g.KeySchema, Projection: g.Projection }));
    await s.dynamo.send(
      new CreateTableCommand({
        TableName: names.required(id),
        KeySchema: p.KeySchema,
        AttributeDefinitions: p.AttributeDefinitions,
        BillingMode: 'PAY_PER_REQUEST',
        ...(indexes ? { GlobalSecondaryIndexes: indexes } : {}),
      }),
    );
    if (p.TimeToLiveSpecification?.Enabled) {
      await s.dynamo.send(new UpdateTimeToLiveCommand({ TableName: names.required(id), TimeToLiveSpecification: p.TimeToLiveSpecification }));
    }
  }
}

/**
 * Buckets, versioned where the template versions them: the local S3 keeps noncurrent versions and
 * delete markers as S3 does (s3-versions.mjs), so what lists and deletes versions is tested for real.
 * Their CORS rules too, which s3rver applies as S3 does: a browser's presigned PUT from the
 * console's origin works, or fails, locally as it would in AWS.
 */
async function createBuckets(t: LocalTemplate, s: StandIns, names: NameTable) {
  for (const [id, bucket] of t.ofType('AWS::S3::Bucket')) {
    const name = names.required(id);
    await s.s3.send(new CreateBucketCommand({ Bucket: name }));
    if (bucket.Properties?.VersioningConfiguration?.Status === 'Enabled') {
      await s.s3.send(new PutBucketVersioningCommand({ Bucket: name, VersioningConfiguration: { Status: 'Enabled' } }));
    }
    if (bucket.Properties?.CorsConfiguration) {
      const CORSRules = s3CorsRules(resolve(bucket.Properties.CorsConfiguration, names));
      await s.s3.send(new PutBucketCorsCommand({ Bucket: name, CORSConfiguration: { CORSRules } }));
    }
  }
}

/** A CORS rule as CloudFormation spells it (AWS::S3::Bucket CorsConfiguration.CorsRules). */
export interface TemplateCorsRule {
  AllowedMethods: string[];
  AllowedOrigins: string[];
  AllowedHeaders?: string[];
  ExposedHeaders?: string[];
  Id?: string;
  MaxAge?: number;
}

/** The template's CORS rules as the S3 API (PutBucketCors) spells them: three fields are named otherwise. */
export function s3CorsRules(configuration: { CorsRules?: TemplateCorsRule[] }): CORSRule[] {
  return (configuration.CorsRules ?? []).map((r) => ({
    AllowedMethods: r.AllowedMethods,
    AllowedOrigins: r.AllowedOrigins,
    ...(r.AllowedHeaders ? { AllowedHeaders: r.AllowedHeaders } : {}),
    ...(r.ExposedHeaders ? { ExposeHeaders: r.ExposedHeaders } : {}),
    ...(r.Id ? { ID: r.Id } : {}),
    ...(r.MaxAge !== undefined ? { MaxAgeSeconds: r.MaxAge } : {}),
  }));
}

// The queue attributes copied from the template: those the stand-in models, and DelaySeconds and
// FifoQueue, which it refuses unless they are SQS's defaults. The rest has no local effect:
// encryption, and ReceiveMessageWaitTimeSeconds (Lambda's pollers long-poll regardless).
const QUEUE_ATTRIBUTES = ['MaximumMessageSize', 'MessageRetentionPeriod', 'VisibilityTimeout', 'DelaySeconds', 'FifoQueue'];

/** Queues, each after the dead-letter queue its redrive policy names (SQS requires it to exist). */
function createQueues(t: LocalTemplate, s: StandIns, names: NameTable) {
  const queues = new Map(t.ofType('AWS::SQS::Queue'));
  const idByArn = new Map([...queues.keys()].map((id) => [names.required(id, 'Arn'), id]));
  const create = (id: string, dependents: string[] = []) => {
    const name = names.required(id, 'QueueName');
    if (s.sqs.queueNames().includes(name)) return;
    if (dependents.includes(id)) throw new Error(`queues ${[...dependents, id].join(' → ')} are each other's dead-letter queues`);
    const p = queues.get(id)!.Properties ?? {};
    const attributes: Record<string, string> = {};
    for (const key of QUEUE_ATTRIBUTES) if (p[key] !== undefined) attributes[key] = String(resolve(p[key], names));
    if (p.RedrivePolicy) {
      const resolved = resolve(p.RedrivePolicy, names);
      const policy = (typeof resolved === 'string' ? JSON.parse(resolved) : resolved) as { deadLetterTargetArn: string; maxReceiveCount: number };
      const deadLetterId = idByArn.get(policy.deadLetterTargetArn);
      if (deadLetterId) create(deadLetterId, [...dependents, id]);
      attributes.RedrivePolicy = JSON.stringify(policy);
    }
    const created = s.sqs.createQueue(name, attributes);
    if (created.url !== names.ref(id) || created.arn !== names.getAtt(id, 'Arn')) throw new Error(`queue ${id} was created as ${created.url}, not ${names.ref(id)}`);
  };
  for (const id of queues.keys()) create(id);
}
