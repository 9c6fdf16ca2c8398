import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { synthDeployment } from '../support/deployment';
import { Key } from 'aws-cdk-lib/aws-kms';
import { DataStore } from '../../infra/constructs/data-store';
import { PROJECT_ROOT } from '../../infra/constructs/laurel-function';
import { settingValues, wiredFunction } from '../../infra/wiring';
import * as ADMIN_FUNCTIONS from '../../shared/wiring/admin';
import * as AUDIT_FUNCTIONS from '../../shared/wiring/audit';
import * as BATCH_FUNCTIONS from '../../shared/wiring/batch';
import * as DEPLOY_FUNCTIONS from '../../shared/wiring/deploy';
import { isOptional, type Wiring } from '../../shared/wiring/bindings';
import * as LEARNER_FUNCTIONS from '../../shared/wiring/learner';
import * as PATHWAY_FUNCTIONS from '../../shared/wiring/pathways';
import * as PUBLIC_FUNCTIONS from '../../shared/wiring/public';
import * as REMINDER_FUNCTIONS from '../../shared/wiring/reminders';
import * as STAFF_FUNCTIONS from '../../shared/wiring/staff';
import * as WORKFLOW_FUNCTIONS from '../../shared/wiring/workflow';
import * as INBOUND_FUNCTIONS from '../../shared/wiring/inbound';
import * as WEBHOOK_FUNCTIONS from '../../shared/wiring/webhooks';

/**
 * One wiring per function (shared/wiring/): the variables a handler parses are the ones the CDK
 * app sets, and its grants are the accesses declared with them — no more, no less.
 */

const GROUPS = { ADMIN_FUNCTIONS, PUBLIC_FUNCTIONS, LEARNER_FUNCTIONS, WORKFLOW_FUNCTIONS, BATCH_FUNCTIONS, DEPLOY_FUNCTIONS, AUDIT_FUNCTIONS, STAFF_FUNCTIONS, REMINDER_FUNCTIONS, PATHWAY_FUNCTIONS, INBOUND_FUNCTIONS, WEBHOOK_FUNCTIONS } as Record<string, Record<string, Wiring>>;
/**
 * Each declaration by the template id of the functions wired from it (its construct: scope + the
 * declaration's name; the staff API's functions sit alone in their area's nested stack).
 */
const BY_LOGICAL_ID: Record<string, Wiring> = {
  ...Object.fromEntries(Object.entries(ADMIN_FUNCTIONS).map(([name, w]) => [name, w])),
  ...Object.fromEntries(Object.entries(PUBLIC_FUNCTIONS).map(([name, w]) => [`Public${name}`, w])),
  ...Object.fromEntries(Object.entries(LEARNER_FUNCTIONS).map(([name, w]) => [`Learner${name}`, w])),
  ...Object.fromEntries(Object.entries(WORKFLOW_FUNCTIONS).map(([name, w]) => [`Issuance${name}`, w])),
  ...Object.fromEntries(Object.entries(BATCH_FUNCTIONS).map(([name, w]) => [`Batches${name}`, w])),
  ...Object.fromEntries(Object.entries(DEPLOY_FUNCTIONS).map(([name, w]) => [`DeploymentKeys${name}`, w])),
  AdminRouteNotFound: PUBLIC_FUNCTIONS.RouteNotFound,
  AuditLogAuditWriterFn: AUDIT_FUNCTIONS.AuditWriterFn,
  OriginSecretRotateOriginSecretFn: DEPLOY_FUNCTIONS.RotateOriginSecretFn,
  // In the Lifecycle nested stack, under its construct's name.
  RemindersSendDueRemindersFn: REMINDER_FUNCTIONS.SendDueRemindersFn,
  // In the staff API's nested stack of achievements and pathways.
  PathwayAwardsAdvancePathwaysFn: PATHWAY_FUNCTIONS.AdvancePathwaysFn,
  StaffMapFederatedGroupsFn: STAFF_FUNCTIONS.MapFederatedGroupsFn,
  // Connected systems (issue #21), in the staff API's Integrations nested stack: the routes under their names, the rest under their construct's.
  ...Object.fromEntries(Object.entries(INBOUND_FUNCTIONS).filter(([name]) => name !== 'ConsumeCanvasLiveEvents' && name !== 'ConsumeCompletionRecorded')),
  CanvasLiveEventsConsumeFn: INBOUND_FUNCTIONS.ConsumeCanvasLiveEvents,
  CompletionEventsConsumeFn: INBOUND_FUNCTIONS.ConsumeCompletionRecorded,
  WebhooksFanOutWebhooksFn: WEBHOOK_FUNCTIONS.FanOutWebhooksFn,
  WebhooksDeliverWebhooksFn: WEBHOOK_FUNCTIONS.DeliverWebhooksFn,
  // The issuers' public directories (issue #21), in a nested stack of their own under their construct's name.
  DirectoryGetDirectory: PUBLIC_FUNCTIONS.GetDirectory,
};
/** What LaurelFunction sets on every function, whatever it reads. */
const EVERY_FUNCTION = new Set(['POWERTOOLS_SERVICE_NAME', 'POWERTOOLS_LOG_LEVEL', 'POWERTOOLS_METRICS_NAMESPACE', 'NODE_OPTIONS']);

interface Fn {
  id: string;
  entry: string;
  env: Record<string, unknown>;
  statements: { Effect: string; Action: string | string[]; Resource: unknown }[];
}

/** Every function of ours in a template: its declaration's id, entry, environment and the statements of its role's policies. */
function functions(t: Template): Fn[] {
  const policies = Object.values(t.findResources('AWS::IAM::Policy'));
  return Object.entries(t.findResources('AWS::Lambda::Function'))
    .filter(([, f]) => f.Metadata?.['laurel:entry'])
    .map(([id, f]) => {
      const role = f.Properties.Role['Fn::GetAtt'][0];
      return {
        id: id.replace(/[0-9A-F]{8}$/, ''),
        entry: f.Metadata['laurel:entry'],
        env: f.Properties.Environment?.Variables ?? {},
        statements: policies.filter((p) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref === role)).flatMap((p) => p.Properties.PolicyDocument.Statement),
      };
    });
}

/**
 * What a policy lets a function do, named as the declarations name accesses: `table:read`,
 * `bucket:write:credentials`, `signingKeys:sign`, `issuanceWorkflow:start`, …
 */
function capabilities(statements: Fn['statements']): Set<string> {
  const out = new Set<string>();
  for (const st of statements.filter((s) => s.Effect === 'Allow')) {
    for (const action of [st.Action].flat()) {
      for (const resource of [st.Resource].flat()) {
        const r = JSON.stringify(resource);
        const machine = r.includes('IssuanceStateMachine') ? 'issuanceWorkflow' : r.includes('BatchesStateMachine') ? 'batchWorkflow' : '?';
        const prefix = /\/(credentials|evidence|images|batches|audit-anchors|status-lists|keys)\/\*/.exec(r)?.[1];
        const store = r.includes('ArchiveBucket') ? 'archive' : 'bucket';
        const condition = JSON.stringify((st as { Condition?: unknown }).Condition ?? '');
        if (condition.includes('AUDIT#') && action.startsWith('dynamodb:')) out.add('table:writeAudit');
        else if (action === 'dynamodb:GetItem') out.add(condition !== '""' ? 'table:readPublished' : 'table:read');
        else if (action === 'dynamodb:PutItem') out.add('table:readWrite');
        else if (action === 'lambda:InvokeFunction') out.add(r.includes('AuditWriterFn') ? 'auditLog:append' : `unexpected:invoke ${r}`);
        else if (action === 's3:ListBucketVersions' || action === 's3:DeleteObjectVersion') out.add(`bucket:erase:${prefixesOf(JSON.stringify(st.Resource) + condition)}`);
        else if (action.startsWith('s3:GetObject') && prefix) out.add(`${store}:read:${prefix}`);
        else if (action === 's3:PutObject' && prefix) out.add(`${store}:write:${prefix}`);
        else if (action.startsWith('s3:') && !prefix && !/^s3:(GetBucket|List|GetObject)/.test(action)) out.add(`bucket:${action}:whole bucket`);
        else if (action === 'kms:Sign') out.add('signingKeys:sign');
        else if (action === 'kms:GetPublicKey') out.add('signingKeys:readPublic');
        else if (action === 'kms:CreateKey') out.add('signingKeys:create');
        else if (action === 'secretsmanager:GetSecretValue') out.add('originSecret:read');
        else if (action === 'secretsmanager:PutSecretValue') out.add('originSecret:rotate');
        else if (action === 'cloudfront:UpdateDistribution') out.add('cdn:updateOriginHeader');
        else if (action === 'cloudfront:CreateInvalidation') out.add('cdn:invalidate');
        else if (action === 'kms:GenerateMac') out.add(r.includes('IntegrationSecretsKey') ? 'integrationKey:generateMac' : 'learnerKey:generateMac');
        else if (action === 'ses:SendEmail') out.add('mail:send');
        else if (action === 'events:PutEvents') out.add('eventBus:put');
        else if (action === 'states:StartExecution') out.add(`${machine}:start`);
        else if (action === 'states:StopExecution') out.add(`${machine}:stop`);
        else if (action === 'states:SendTaskSuccess') out.add(`${machine}:answer`);
        else if (action === 'sqs:SendMessage') out.add(r.includes('DeadLetters') ? 'deadLetters:send' : r.includes('Webhooks') ? 'webhookQueue:send' : 'emailQueue:send');
        else if (action === 'sqs:ReceiveMessage') out.add(r.includes('CanvasLiveEvents') ? 'canvasQueue:receive' : r.includes('Webhooks') ? 'webhookQueue:receive' : 'emailQueue:receive');
        else if (!/^(xray:|logs:(CreateLogStream|PutLogEvents)$|kms:(Decrypt|DescribeKey|Encrypt|GenerateDataKey\*?|ReEncrypt\*)$|dynamodb:|s3:|kms:(DescribeKey|TagResource)$|ses:SendRawEmail$|states:SendTask|sqs:(GetQueue|ChangeMessageVisibility|DeleteMessage)|secretsmanager:(DescribeSecret|UpdateSecretVersionStage)$|cloudfront:GetDistributionConfig$)/.test(action)) out.add(`unexpected:${action}`);
      }
    }
  }
  return out;
}

/** The bucket prefixes a statement names (`…/batches/*`, `s3:prefix` `evidence/*`), in order: `batches+evidence`. */
const prefixesOf = (text: string) => [...new Set([...text.matchAll(/([a-z-]+)\/\*/g)].map((m) => m[1]))].sort().join('+');

/** The capabilities each declared access grants (see the grant methods of infra/constructs/). */
const GRANTS: Record<string, string[]> = {
  'table:read': ['table:read'],
  'table:readWrite': ['table:read', 'table:readWrite'],
  'bucket:writeCredentials': ['bucket:read:credentials', 'bucket:write:credentials'],
  'bucket:readCredentials': ['bucket:read:credentials'],
  'table:readPublished': ['table:readPublished'],
  // Key reads under a partition condition, as the verification class's (its partitions: the template test).
  'table:readDirectory': ['table:readPublished'],
  'bucket:evidenceUpload': ['bucket:write:evidence'],
  'bucket:readEvidence': ['bucket:read:evidence'],
  'bucket:imageUpload': ['bucket:read:images', 'bucket:write:images'],
  'bucket:readImages': ['bucket:read:images'],
  'bucket:batchFiles': ['bucket:read:batches', 'bucket:write:batches'],
  'bucket:readBatchFiles': ['bucket:read:batches'],
  'bucket:erasePersonalData': ['bucket:erase:batches+evidence', 'bucket:read:batches', 'bucket:write:batches'],
  'signingKeys:sign': ['signingKeys:sign', 'signingKeys:readPublic'],
  'signingKeys:readPublic': ['signingKeys:readPublic'],
  'signingKeys:create': ['signingKeys:create', 'signingKeys:readPublic'],
  'mail:send': ['mail:send'],
  'eventBus:put': ['eventBus:put'],
  'issuanceWorkflow:start': ['issuanceWorkflow:start'],
  'issuanceWorkflow:stop': ['issuanceWorkflow:stop'],
  'issuanceWorkflow:answer': ['issuanceWorkflow:answer'],
  'batchWorkflow:start': ['batchWorkflow:start'],
  'batchWorkflow:stop': ['batchWorkflow:stop'],
  'batchWorkflow:answer': ['batchWorkflow:answer'],
  'emailQueue:send': ['emailQueue:send'],
  'originSecret:read': ['originSecret:read'],
  'originSecret:rotate': ['originSecret:read', 'originSecret:rotate'],
  'cdn:updateOriginHeader': ['cdn:updateOriginHeader'],
  'cdn:invalidate': ['cdn:invalidate'],
  'learnerKey:generateMac': ['learnerKey:generateMac'],
  'integrationKey:generateMac': ['integrationKey:generateMac'],
  'webhookQueue:send': ['webhookQueue:send'],
  'table:readWriteKeys': ['table:read', 'table:readWrite'],
  'table:writeAudit': ['table:writeAudit'],
  'auditLog:append': ['auditLog:append'],
  'archive:anchorAudit': ['archive:read:audit-anchors', 'archive:write:audit-anchors'],
  'archive:keepDocuments': ['archive:write:status-lists', 'archive:write:keys'],
};
/**
 * What a function may do besides its declaration: the email queue's consumer receives through its
 * event source mapping; the SES feedback function's failed invocations go to its dead-letter queue.
 */
const EVENT_SOURCES: Record<string, string[]> = {
  BatchesSendQueuedEmailFn: ['emailQueue:receive'],
  IssuanceDeliveryFeedbackFn: ['deadLetters:send'],
  PathwayAwardsAdvancePathwaysFn: ['deadLetters:send'],
  RemindersSendDueRemindersFn: ['deadLetters:send'],
  // Connected systems (issue #21): the Canvas queue's consumer and the webhook deliverer receive from theirs; the fan-out's failures go to its dead letters.
  CanvasLiveEventsConsumeFn: ['canvasQueue:receive'],
  WebhooksDeliverWebhooksFn: ['webhookQueue:receive'],
  WebhooksFanOutWebhooksFn: ['deadLetters:send'],
  // CompletionRecorded on the bus: the consumer's failed invocations go to its dead letters.
  CompletionEventsConsumeFn: ['deadLetters:send'],
};

const declaredCapabilities = (w: Wiring, variables: Record<string, unknown>) =>
  new Set(
    [...Object.entries(w.variables).filter(([name]) => name in variables).map(([, b]) => b), ...w.grants].flatMap((b) =>
      b.access.flatMap((a) => GRANTS[`${b.source}:${a}`] ?? [`unknown access ${b.source}:${a}`]),
    ),
  );

/** A federated identity provider too, so that its pre-token-generation trigger is in the template. */
const FEDERATED = { 'laurel:staffIdentityProviders': [{ type: 'saml', name: 'Campus', metadataUrl: 'https://login.example.edu/metadata.xml', roles: { registry: ['registrar'] } }] };
const build = (context: Record<string, unknown> = {}) => synthDeployment({ ...FEDERATED, ...context }).template;

describe('each function is wired from its declaration', () => {
  let fns: Fn[];
  beforeAll(() => {
    fns = functions(build());
  });

  it('declares every function in the template, under its construct’s name, with its source file', () => {
    expect(fns.length).toBe(133);
    for (const fn of fns) {
      const w = BY_LOGICAL_ID[fn.id];
      expect(w, fn.id).toBeDefined();
      expect(fn.entry, fn.id).toBe(w!.entry);
    }
    // …and every declaration is wired somewhere.
    const wired = new Set(fns.map((f) => BY_LOGICAL_ID[f.id]));
    for (const [group, members] of Object.entries(GROUPS)) for (const [name, w] of Object.entries(members)) expect(wired.has(w), `${group}.${name}`).toBe(true);
  });

  it('sets exactly the variables each declaration names: every required one, optional ones when provided, nothing else', () => {
    // The optional settings provided too: the VC-JWT key and the page's logo and LinkedIn page.
    const withOptional = functions(build({ 'laurel:vcJwt': true, 'laurel:brandLogoUrl': 'https://www.example.edu/logo.svg', 'laurel:linkedInOrganizationId': '1234' }));
    for (const [set, everyOptional] of [[fns, false], [withOptional, true]] as const) {
      for (const fn of set) {
        const w = BY_LOGICAL_ID[fn.id]!;
        const names = Object.keys(fn.env).filter((n) => !EVERY_FUNCTION.has(n)).sort();
        // The admin API has no CDN: its 404 function (the public declaration's) is given no origin secret.
        const declared = Object.entries(w.variables).filter(([, b]) => b.source !== 'local' && !(b.source === 'originSecret' && fn.id === 'AdminRouteNotFound'));
        const required = declared.filter(([, b]) => !isOptional(b)).map(([n]) => n);
        expect(names, fn.id).toEqual(expect.arrayContaining(required));
        if (everyOptional) expect(names, fn.id).toEqual(declared.map(([n]) => n).sort());
        else expect(declared.map(([n]) => n), fn.id).toEqual(expect.arrayContaining(names));
      }
    }
  });

  it('grants each function exactly the accesses its declaration names (least privilege, from the IAM policy)', () => {
    for (const fn of fns) {
      const w = BY_LOGICAL_ID[fn.id]!;
      const expected = new Set([...declaredCapabilities(w, fn.env), ...(EVENT_SOURCES[fn.id] ?? [])]);
      expect([...capabilities(fn.statements)].sort(), fn.id).toEqual([...expected].sort());
    }
  });

  it('keeps the grants that matter as they were: starting, answering and stopping workflows; public functions only read', () => {
    const caps = (id: string) => [...capabilities(fns.find((f) => f.id === id)!.statements)].sort();
    expect(caps('CreateIssuance')).toEqual(['auditLog:append', 'issuanceWorkflow:start', 'learnerKey:generateMac', 'table:read', 'table:readWrite']);
    // Answering the approval step's token only: no starting or stopping executions.
    expect(caps('ApproveIssuance')).toEqual(['auditLog:append', 'issuanceWorkflow:answer', 'table:read', 'table:readWrite']);
    const approve = fns.find((f) => f.id === 'ApproveIssuance')!;
    expect(approve.statements.flatMap((s) => [s.Action].flat()).filter((a) => a.startsWith('states:')).sort()).toEqual(['states:SendTaskFailure', 'states:SendTaskHeartbeat', 'states:SendTaskSuccess']);
    expect(caps('CancelIssuance')).toEqual(['auditLog:append', 'eventBus:put', 'issuanceWorkflow:stop', 'learnerKey:generateMac', 'table:read', 'table:readWrite']);
    expect(caps('SubmitBatch')).toEqual(['auditLog:append', 'batchWorkflow:start', 'bucket:read:batches', 'table:read', 'table:readWrite']);
    expect(caps('IssuanceSignFn')).toEqual(['archive:write:keys', 'archive:write:status-lists', 'auditLog:append', 'signingKeys:readPublic', 'signingKeys:sign', 'table:read', 'table:readWrite']);
    expect(caps('BatchesIssueOrFailChunkFn')).toEqual(['archive:write:keys', 'archive:write:status-lists', 'auditLog:append', 'bucket:read:credentials', 'bucket:write:credentials', 'emailQueue:send', 'eventBus:put', 'learnerKey:generateMac', 'signingKeys:readPublic', 'signingKeys:sign', 'table:read', 'table:readWrite']);
    for (const fn of fns.filter((f) => f.id.startsWith('Public'))) {
      expect([...capabilities(fn.statements)].filter((c) => !c.startsWith('table:read') || c === 'table:readWrite').filter((c) => !c.startsWith('bucket:read:') && c !== 'originSecret:read'), fn.id).toEqual([]);
    }
    expect(caps('PublicGetImage')).toEqual(['bucket:read:images', 'originSecret:read']);
    expect(caps('PublicGetCredential')).toEqual(['bucket:read:credentials', 'originSecret:read', 'table:readPublished']);
    // The audit trail's one writer: its partitions and its anchors, nothing else.
    expect(caps('AuditLogAuditWriterFn')).toEqual(['archive:read:audit-anchors', 'archive:write:audit-anchors', 'table:writeAudit']);
    // The verification class: every public function that reads the table reads only the published partitions.
    for (const fn of fns.filter((f) => f.id.startsWith('Public'))) expect(caps(fn.id), fn.id).not.toContain('table:read');
  });
});

describe('synthesis refuses a function whose declaration names what nothing provides', () => {
  const stack = () => new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Test');

  it('a required variable with no provider, naming it, its source and the function', () => {
    const s = stack();
    const data = new DataStore(s, 'Data', { encryptionKey: new Key(s, 'DataKey') });
    expect(() => wiredFunction(s, 'CreateIssuance', ADMIN_FUNCTIONS.CreateIssuance, { table: data })).toThrow(
      'Test/CreateIssuance (functions/admin/create-issuance.ts) declares what nothing provides: AUDIT_WRITER_FUNCTION (auditLog: not given to this construct); LEARNER_KEY_ARN (learnerKey: not given to this construct); STATE_MACHINE_ARN (issuanceWorkflow: not given to this construct). Give the construct the provider, or declare the variable optional.',
    );
  });

  it('every missing setting at once, and a grant no variable carries', () => {
    const s = stack();
    const data = new DataStore(s, 'Data', { encryptionKey: new Key(s, 'DataKey') });
    expect(() => wiredFunction(s, 'GetIssuer', ADMIN_FUNCTIONS.GetIssuer, { table: data, setting: settingValues({ ISSUER_ID: 'main' }) })).toThrow(
      /INSTITUTION_NAME \(setting: provides no INSTITUTION_NAME\); INSTITUTION_URL \(setting: provides no INSTITUTION_URL\); PUBLIC_BASE_URL \(setting: provides no PUBLIC_BASE_URL\)/,
    );
    expect(() => wiredFunction(s, 'ApproveIssuance', ADMIN_FUNCTIONS.ApproveIssuance, { table: data })).toThrow(/a grant to answer on issuanceWorkflow \(not given to this construct\)/);
  });

  it('leaves out an optional variable nothing provides', () => {
    const s = stack();
    const fn = wiredFunction(s, 'GetOpenApi', ADMIN_FUNCTIONS.GetOpenApi, {});
    expect(Template.fromStack(s).findResources('AWS::Lambda::Function')[s.getLogicalId(fn.node.defaultChild as never)]!.Properties.Environment.Variables).not.toHaveProperty('TOKEN_URL');
  });
});

describe('each handler parses its own declaration', () => {
  const refs = /\b(ADMIN|PUBLIC|LEARNER|WORKFLOW|BATCH|DEPLOY|AUDIT|STAFF|REMINDER|PATHWAY|INBOUND|WEBHOOK)_FUNCTIONS\.(\w+)/g;

  it('names exactly one declaration, the one whose entry it is (one it imports as the group’s namespace)', () => {
    const entries = (readdirSync(path.join(PROJECT_ROOT, 'functions'), { recursive: true }) as string[]).filter((f) => f.endsWith('.ts'));
    const declared = new Map<string, Wiring>();
    for (const members of Object.values(GROUPS)) for (const w of Object.values(members)) declared.set(w.entry, w);
    expect([...declared.keys()].sort()).toEqual(entries.map((f) => `functions/${f}`).sort());
    for (const f of entries) {
      const entry = `functions/${f}`;
      const source = readFileSync(path.join(PROJECT_ROOT, entry), 'utf8');
      const named = new Set([...source.matchAll(refs)].map((m) => GROUPS[`${m[1]}_FUNCTIONS`]![m[2]!]));
      const own = declared.get(entry)!;
      // A handler that reads nothing need not parse anything.
      if (Object.keys(own.variables).length === 0 && named.size === 0) continue;
      expect([...named].map((w) => w?.entry), entry).toEqual([entry]);
    }
    for (const w of declared.values()) expect(existsSync(path.join(PROJECT_ROOT, w.entry)), w.entry).toBe(true);
  });
});
