import { pageStyleSource } from '../../shared/page/verification-page';
import { ADMIN_ROUTES } from '../../shared/api/routes';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app';
import { synthDeployment } from '../support/deployment';
import { WORKFLOW_STEPS } from '../../shared/entities/issuance';
import { BATCH_STATES } from '../../shared/workflow/batch-contract';
import { ISSUANCE_STATES, WORKFLOW_ERRORS } from '../../shared/workflow/contract';
import { STATE_MACHINE_METADATA, STATE_MACHINE_ROLES, type StateMachineRole } from '../../infra/template-metadata';

let template: Template;
let definition: { States: Record<string, any> };
/** A workflow's state machine, found by the role it is marked with (as the local cloud finds it). */
const stateMachine = (role: StateMachineRole) =>
  Object.values(template.findResources('AWS::StepFunctions::StateMachine')).find((m) => m.Metadata?.[STATE_MACHINE_METADATA] === role);

// Issue #17, section 1: what each function's role may do with keys and objects (IAM cannot
// run on the local stand-ins), function by function.
type Statement = { Effect: 'Allow' | 'Deny'; Action: string | string[]; Resource: unknown; Condition?: Record<string, Record<string, unknown>> };

/** Every function (logical id) with the statements of the policies attached to its role. */
let functions: Map<string, Statement[]>;

const actionsOf = (s: Statement) => [s.Action].flat();

/**
 * CDK's BucketDeployment function copies the staff console's build at deploy time; its role is
 * CDK's, asserted in a test of its own (the console), not with Laurel's functions.
 */
const CDK_BUCKET_DEPLOYMENT = /^CustomCDKBucketDeployment/;
const ourPolicies = () => Object.entries(template.findResources('AWS::IAM::Policy')).filter(([id]) => !CDK_BUCKET_DEPLOYMENT.test(id));

beforeAll(() => {
  // Bundling is skipped: these assertions are about the template, not the bundles.
  ({ template } = synthDeployment());
  const parts = (stateMachine('issuance')!.Properties.DefinitionString['Fn::Join'][1] as unknown[]).map((p) =>
    typeof p === 'string' ? p : (p as { Ref?: string }).Ref === 'AWS::Partition' ? 'aws' : 'FUNCTION_ARN',
  );
  definition = JSON.parse(parts.join(''));
  const policies = ourPolicies().map(([, p]) => p);
  functions = new Map();
  for (const [id, fn] of Object.entries(template.findResources('AWS::Lambda::Function'))) {
    if (CDK_BUCKET_DEPLOYMENT.test(id)) continue;
    const role = fn.Properties.Role?.['Fn::GetAtt']?.[0] as string | undefined;
    if (!role) continue;
    const attached = policies.filter((p) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === role));
    functions.set(id, attached.flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]));
  }
});

describe('the synthesized template', () => {
  it('has an Ed25519 signing key in KMS with an alias', () => {
    template.hasResourceProperties('AWS::KMS::Key', { KeySpec: 'ECC_NIST_EDWARDS25519', KeyUsage: 'SIGN_VERIFY' });
    // The signing key's, the learner-index key's and the integration key's (below).
    template.resourceCountIs('AWS::KMS::Alias', 3);
  });

  it('has one on-demand table with point-in-time recovery, TTL, two full GSIs and a summary time index', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      GlobalSecondaryIndexes: [
        Match.objectLike({ IndexName: 'GSI1', Projection: { ProjectionType: 'ALL' } }),
        Match.objectLike({ IndexName: 'GSI2', Projection: { ProjectionType: 'ALL' } }),
        Match.objectLike({ IndexName: 'GSI3', Projection: Match.objectLike({ ProjectionType: 'INCLUDE' }) }),
      ],
    });
  });

  it('keeps artifacts private, versioned, encrypted and TLS-only', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: Match.anyValue(),
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  it('marks each workflow state machine with its role, once (the local cloud finds them by it)', () => {
    const roles = Object.values(template.findResources('AWS::StepFunctions::StateMachine')).map((m) => m.Metadata?.[STATE_MACHINE_METADATA]);
    expect(roles.sort()).toEqual([...STATE_MACHINE_ROLES].sort());
  });

  it('runs the issuance workflow as a Standard state machine with every step', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', { StateMachineType: 'STANDARD' });
    expect(Object.keys(definition.States)).toEqual(
      expect.arrayContaining(['EvidenceCheck', 'Decide', 'Approval', 'Sign', 'Store', 'Deliver', 'Record', 'RecordFailure', 'Issued', 'Rejected', 'Failed']),
    );
    expect(definition.States.Approval).toMatchObject({
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Parameters: { Payload: { 'taskToken.$': '$$.Task.Token', 'timeoutSeconds.$': '$.evidence.approvalTimeoutSeconds' } },
      // Each achievement's own deadline, or the deployment's, as EvidenceCheck answers it.
      TimeoutSecondsPath: '$.evidence.approvalTimeoutSeconds',
    });
    expect(definition.States.Approval.TimeoutSeconds).toBeUndefined();
    expect(definition.States.EvidenceCheck.Parameters).toMatchObject({ defaultApprovalTimeoutSeconds: 7 * 24 * 3600 });
    // A chain of six 60-day steps fits in the execution's limit, a Standard workflow's year.
    expect((definition as { TimeoutSeconds?: number }).TimeoutSeconds).toBe(365 * 24 * 3600);
    expect(definition.States.Decide.Default).toBe('Sign'); // auto-approval skips the wait
    for (const step of ['EvidenceCheck', 'Sign', 'Store', 'Deliver', 'Record']) {
      expect(definition.States[step].Retry[0].ErrorEquals).toContain('TransientError');
      expect(definition.States[step].Retry[0].BackoffRate).toBe(2);
      expect(definition.States[step].Catch[0]).toMatchObject({ ErrorEquals: ['States.ALL'], Next: `${step}Failed` });
    }
    expect(JSON.stringify(definition)).not.toContain('JSONata');
  });

  it('names every state and caught error from the workflow contract (shared/workflow/contract.ts)', () => {
    const markers = WORKFLOW_STEPS.map((step) => `${step}Failed`);
    expect(new Set(Object.keys(definition.States))).toEqual(new Set([...Object.values(ISSUANCE_STATES), ...markers]));
    expect(definition.States.Approval.Catch.map((c: { ErrorEquals: string[] }) => c.ErrorEquals)).toEqual([
      [WORKFLOW_ERRORS.approvalRejected],
      [WORKFLOW_ERRORS.timeout, WORKFLOW_ERRORS.heartbeatTimeout],
      [WORKFLOW_ERRORS.all],
    ]);
    const batch = JSON.stringify(stateMachine('batch')!.Properties.DefinitionString);
    for (const state of Object.values(BATCH_STATES)) expect(batch).toContain(`\\"${state}\\":{`);
    expect(batch).toContain(`\\"ErrorEquals\\":[\\"${WORKFLOW_ERRORS.batchRejected}\\"]`);
  });

  it('serves exactly the registered admin routes, each with the JWT authorizer unless it needs no role; none on public routes', () => {
    const apis = template.findResources('AWS::ApiGatewayV2::Api');
    const adminId = Object.keys(apis).find((id) => id.startsWith('Admin'))!;
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route'));
    // The catch-all answers problem+json 404 for unknown paths; it needs no token and reveals nothing.
    const catchAll = (r: any) => r.Properties.RouteKey === '$default';
    const admin = routes.filter((r) => r.Properties.ApiId.Ref === adminId && !catchAll(r));
    const pub = routes.filter((r) => r.Properties.ApiId.Ref !== adminId);
    expect(routes.filter(catchAll)).toHaveLength(2);
    const registered = Object.values(ADMIN_ROUTES).map((r) => `${r.method} ${r.path}`).sort();
    expect(admin.map((r) => r.Properties.RouteKey).sort()).toEqual(registered);
    for (const r of admin) {
      const def = Object.values(ADMIN_ROUTES).find((d) => `${d.method} ${d.path}` === r.Properties.RouteKey)!;
      if ('roles' in def && def.roles) expect(r.Properties, r.Properties.RouteKey).toMatchObject({ AuthorizationType: 'JWT', AuthorizerId: expect.anything() });
      else expect(r.Properties.AuthorizationType, r.Properties.RouteKey).toBe('NONE');
    }
    for (const r of pub) expect(r.Properties.AuthorizationType).toBe('NONE');
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      ApiId: { Ref: Object.keys(apis).find((id) => id.startsWith('Public')) },
      DefaultRouteSettings: { ThrottlingBurstLimit: Match.anyValue(), ThrottlingRateLimit: Match.anyValue() },
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', { AuthorizerType: 'JWT', JwtConfiguration: { Audience: Match.anyValue(), Issuer: Match.anyValue() } });
  });

  it('gives systems a client-credentials machine client whose scopes are roles, trusted by the authorizer', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolResourceServer', {
      Identifier: 'laurel',
      Scopes: Match.arrayWith([Match.objectLike({ ScopeName: 'issuer' }), Match.objectLike({ ScopeName: 'auditor' })]),
    });
    const clients = Object.entries(template.findResources('AWS::Cognito::UserPoolClient'));
    const [machineId, machine] = clients.find(([, c]) => c.Properties.GenerateSecret)!;
    expect(machine.Properties).toMatchObject({ AllowedOAuthFlows: ['client_credentials'], AllowedOAuthFlowsUserPoolClient: true });
    expect(JSON.stringify(machine.Properties.AllowedOAuthScopes)).toMatch(/\/issuer/);
    expect(JSON.stringify(machine.Properties.AllowedOAuthScopes)).not.toMatch(/\/admin/); // not by default
    const [, authorizer] = Object.entries(template.findResources('AWS::ApiGatewayV2::Authorizer'))[0]!;
    expect(authorizer.Properties.JwtConfiguration.Audience).toContainEqual({ Ref: machineId });
    template.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
  });

  it('issues cohorts with a Standard parent and a Distributed Map of Express children reading the rows from S3', () => {
    const batch = stateMachine('batch')!;
    expect(batch.Properties.StateMachineType).toBe('STANDARD');
    const definition = JSON.stringify(batch.Properties.DefinitionString);
    expect(definition).toContain('\\"ProcessorConfig\\":{\\"Mode\\":\\"DISTRIBUTED\\",\\"ExecutionType\\":\\"EXPRESS\\"}');
    expect(definition).toContain('\\"ReaderConfig\\":{\\"InputType\\":\\"JSONL\\"}');
    expect(definition).toContain('\\"ItemBatcher\\":{\\"MaxItemsPerBatch\\":100,\\"MaxInputBytesPerBatch\\":204800,\\"BatchInput\\":{\\"batchId.$\\":\\"$.batchId\\",\\"attempt.$\\":\\"$.run.attempt\\"}}');
    expect(definition).toContain('\\"MaxConcurrency\\":10');
    expect(definition).toMatch(/waitForTaskToken/);
    // Emails: a queue with a dead-letter queue, consumed at the SES rate by two consumers at most.
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { BatchSize: 50, MaximumBatchingWindowInSeconds: 1, ScalingConfig: { MaximumConcurrency: 2 }, FunctionResponseTypes: ['ReportBatchItemFailures'] });
    template.hasResourceProperties('AWS::SQS::Queue', { RedrivePolicy: Match.objectLike({ maxReceiveCount: 10 }) });
    const fns = template.findResources('AWS::Lambda::Function');
    const env = (prefix: string) => Object.entries(fns).find(([id]) => id.startsWith(prefix))![1].Properties.Environment.Variables;
    // 10 children × 50 signs/s = half the 1,000/s KMS quota; 2 consumers × 7/s = the 14/s SES rate.
    expect(env('BatchesIssueOrFailChunkFn')).toMatchObject({ BATCH_SIGN_RATE: '50' });
    expect(env('BatchesSendQueuedEmailFn')).toMatchObject({ EMAIL_SEND_RATE: '7' });
  });

  it('runs every function on Node.js 22, arm64', () => {
    const fns = Object.values(template.findResources('AWS::Lambda::Function')).filter((f) => f.Metadata?.['laurel:entry']);
    expect(fns.length).toBe(132);
    for (const f of fns) expect(f.Properties).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'] });
  });

  it('grants kms:Sign only to the signing steps (one request, a cohort chunk) and the status-list updater, and only on the deployment’s tagged keys', () => {
    const policies = ourPolicies();
    const signers = policies.filter(([, p]) => JSON.stringify(p.Properties.PolicyDocument).includes('kms:Sign')).map(([id]) => id);
    expect(signers.sort()).toEqual([
      expect.stringMatching(/^BatchesIssueOrFailChunkFn/),
      expect.stringMatching(/^ChangeCredentialStatusServiceRole/),
      expect.stringMatching(/^ChangeCredentialStatusesServiceRole/),
      // A correction or an extension reissues the credential, signed anew.
      expect.stringMatching(/^CorrectCredentialServiceRole/),
      // A CLR 2.0 transcript is signed by the institution's key each time it is made (issue #21).
      expect.stringMatching(/^CreateTranscriptServiceRole/),
      expect.stringMatching(/^IssuanceSignFn/),
      // The learner's decline re-signs the revocation list; wallet pickup signs the DID-bound copy
      // (VC-API and the LCW request link; OpenID4VCI's credential endpoint).
      expect.stringMatching(/^LearnerDeclineCredentialServiceRole/),
      expect.stringMatching(/^LearnerDownloadTranscriptServiceRole/),
      expect.stringMatching(/^LearnerExchangeWalletCredentialServiceRole/),
      expect.stringMatching(/^LearnerIssueOid4vciCredentialServiceRole/),
      // Taking one's name off reissues the credential without it.
      expect.stringMatching(/^LearnerWithdrawNameServiceRole/),
    ]);
    for (const [, p] of policies) {
      for (const st of p.Properties.PolicyDocument.Statement) {
        const actions = [st.Action].flat();
        // The signing keys by tag; the data key (encryption at rest) and the learner-index key by their ARNs, in tests of their own.
        if (st.Effect === 'Allow' && actions.some((a: string) => a.startsWith('kms:')) && !/DataKey|LearnerIndexKey|IntegrationSecretsKey/.test(JSON.stringify(st.Resource))) {
          expect(JSON.stringify(st.Condition), JSON.stringify(st)).toMatch(/aws:(Resource|Request)Tag\/laurel:stack/);
        }
      }
    }
    const creators = policies.filter(([, p]) => JSON.stringify(p.Properties.PolicyDocument).includes('kms:CreateKey')).map(([id]) => id.replace(/ServiceRole.*/, ''));
    expect(creators.sort()).toEqual(['CompromiseIssuerKey', 'CreateIssuer', 'RotateIssuerKey']);
    template.hasResourceProperties('AWS::KMS::Key', { Tags: [{ Key: 'laurel:stack', Value: 'Laurel' }] });
    const senders = policies.filter(([, p]) => JSON.stringify(p.Properties.PolicyDocument).includes('ses:SendEmail')).map(([id]) => id);
    expect(senders.sort()).toEqual([
      expect.stringMatching(/^BatchesSendQueuedEmailFn/),
      expect.stringMatching(/^IssuanceDeliverFn/),
      // A confirmation link to a learner's new address; a new claim link to the address on file.
      expect.stringMatching(/^LearnerRequestContactChange/),
      expect.stringMatching(/^LearnerSendClaimLink/),
      // Expiry reminders, to the learner's current address.
      expect.stringMatching(/^RemindersSendDueRemindersFn/),
      expect.stringMatching(/^ResendCredential/),
    ]);
  });

  it('lets only the audit writer write the audit trail, never with the TTL attribute, and anchors it in an Object Lock archive', () => {
    const policies = ourPolicies().map(([id, p]) => [id, p.Properties.PolicyDocument.Statement as any[]] as const);
    const auditPartitions = ['AUDIT#*', 'AUDITDETAIL#*'];
    const writesAudit = (st: any) =>
      st.Effect === 'Allow' && [st.Action].flat().includes('dynamodb:PutItem') && JSON.stringify(st.Condition ?? {}).includes('AUDIT#');
    const auditWriters = policies.filter(([, st]) => st.some(writesAudit)).map(([id]) => id);
    expect(auditWriters).toEqual([expect.stringMatching(/^AuditLogAuditWriterFn/)]);
    const [, writer] = policies.find(([id]) => id.startsWith('AuditLogAuditWriterFn'))!;
    // Only the audit partitions, and never an item with expiresAt (DynamoDB's TTL would delete it).
    expect(writer).toContainEqual(
      expect.objectContaining({ Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'], Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': auditPartitions } } }),
    );
    expect(writer).toContainEqual(expect.objectContaining({ Effect: 'Deny', Action: 'dynamodb:PutItem', Condition: { 'ForAnyValue:StringEquals': { 'dynamodb:Attributes': ['expiresAt'] } } }));
    const writerActions = writer.filter((st) => st.Effect === 'Allow').flatMap((st) => [st.Action].flat());
    expect(writerActions.filter((a: string) => /^dynamodb:(UpdateItem|DeleteItem|BatchWriteItem|Scan)$|^s3:(Delete|PutObjectRetention|PutObjectLegalHold|BypassGovernanceRetention)/.test(a))).toEqual(['dynamodb:DeleteItem']);
    // Its one delete: sealed details, on a learner's erasure; never an event.
    expect(writer).toContainEqual(
      expect.objectContaining({ Effect: 'Allow', Action: 'dynamodb:DeleteItem', Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['AUDITDETAIL#*'] } } }),
    );
    // Every other function that writes the table is denied the audit partitions outright.
    const tableWriters = policies.filter(([id, st]) => !id.startsWith('AuditLog') && st.some((x) => x.Effect === 'Allow' && [x.Action].flat().includes('dynamodb:PutItem')));
    expect(tableWriters.length).toBeGreaterThan(10);
    for (const [id, st] of tableWriters) {
      expect(st, id).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Action: expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem']),
          Condition: { 'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': expect.arrayContaining(auditPartitions) } },
        }),
      );
    }
    // Functions that record what they did invoke the writer, and only it.
    // (Not the state machines, the custom resources, nor the Scheduler's role that runs the reminder sweep: they invoke their own functions.)
    const invokers = policies.filter(([id, st]) => !/StateMachine|CustomResource|AWS679f53fac002430cb0da5b7982bd2287|^SchedulerRoleForTarget/.test(id) && st.some((x) => x.Effect === 'Allow' && [x.Action].flat().includes('lambda:InvokeFunction')));
    expect(invokers.length).toBeGreaterThan(20);
    for (const [id, st] of invokers) {
      const invoke = st.filter((x) => [x.Action].flat().includes('lambda:InvokeFunction'));
      expect(JSON.stringify(invoke), id).toMatch(/AuditLogAuditWriterFn/);
    }
    // The archive: Object Lock in compliance mode for the retention the settings give (ten years by default).
    template.hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockEnabled: true,
      ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 3650 } } },
      VersioningConfiguration: { Status: 'Enabled' },
    });
    const trial = synthDeployment({ 'laurel:trialDeployment': true, 'laurel:archiveRetentionDays': 1 }).template;
    trial.hasResourceProperties('AWS::S3::Bucket', { ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 1 } } } });
    // Nobody's grant may bypass governance retention or change an object's lock.
    for (const [id, st] of policies) expect(JSON.stringify(st), id).not.toMatch(/BypassGovernanceRetention|PutObjectRetention|PutObjectLegalHold/);
  });

  it('lets only the functions that publish status lists or change keys keep them in the archive, write-only', () => {
    const policies = ourPolicies().map(([id, p]) => [id, p.Properties.PolicyDocument.Statement as any[]] as const);
    const keepers = policies.filter(([, st]) => JSON.stringify(st).includes('/status-lists/*')).map(([id]) => id.replace(/ServiceRole.*/, ''));
    expect(keepers.sort()).toEqual([
      'BatchesIssueOrFailChunkFn',
      'ChangeCredentialStatus',
      'ChangeCredentialStatuses',
      'CompromiseIssuerKey',
      'CreateIssuer',
      'DeploymentKeysRegisterDeploymentKeysFn',
      'IssuanceSignFn',
      'LearnerDeclineCredential',
      'RotateIssuerKey',
    ]);
    for (const [id, st] of policies.filter(([, st]) => JSON.stringify(st).includes('/status-lists/*'))) {
      const keep = st.filter((x) => JSON.stringify(x.Resource).includes('/status-lists/*'));
      expect(keep.map((x) => x.Action), id).toEqual(['s3:PutObject']);
      expect(JSON.stringify(keep), id).toMatch(/ArchiveBucket/);
    }
  });

  it('lets only the functions that create, rotate and register keys write key records (a partition of their own)', () => {
    const policies = ourPolicies().map(([id, p]) => [id, p.Properties.PolicyDocument.Statement as any[]] as const);
    const tableWriters = policies.filter(([, st]) => st.some((x) => x.Effect === 'Allow' && [x.Action].flat().includes('dynamodb:PutItem') && !JSON.stringify(x.Condition ?? {}).includes('AUDIT#')));
    const deniesKeys = (st: readonly any[]) => st.some((x) => x.Effect === 'Deny' && JSON.stringify(x.Condition ?? {}).includes('ISSUERKEY#*'));
    const keyWriters = tableWriters.filter(([, st]) => !deniesKeys(st)).map(([id]) => id.replace(/ServiceRole.*/, ''));
    expect(keyWriters.sort()).toEqual(['CompromiseIssuerKey', 'CreateIssuer', 'DeploymentKeysRegisterDeploymentKeysFn', 'RotateIssuerKey']);
    // The public functions read key records where they now live.
    expect(JSON.stringify(policies.filter(([id]) => id.startsWith('PublicGetIssuerKey')))).toContain('ISSUERKEY#*');
  });

  it('runs the expiry-reminder sweep daily from an EventBridge Scheduler schedule, retried, with a dead-letter queue', () => {
    const schedules = Object.values(template.findResources('AWS::Scheduler::Schedule'));
    expect(schedules).toHaveLength(1);
    const p = schedules[0]!.Properties;
    expect(p).toMatchObject({ ScheduleExpression: 'cron(0 9 * * ? *)', ScheduleExpressionTimezone: 'UTC', State: 'ENABLED', FlexibleTimeWindow: { Mode: 'OFF' } });
    expect(JSON.stringify(p.Target.Arn)).toMatch(/RemindersSendDueRemindersFn/);
    expect(p.Target.RetryPolicy).toMatchObject({ MaximumRetryAttempts: 3 });
    expect(JSON.stringify(p.Target.DeadLetterConfig)).toMatch(/RemindersDeadLetters/);
    const sweep = Object.entries(template.findResources('AWS::Lambda::Function')).find(([id]) => id.startsWith('RemindersSendDueRemindersFn'))![1];
    expect(sweep.Properties.Timeout).toBe(900);
  });

  it('routes SES bounces, complaints and deliveries from the configuration set to DeliveryFeedback', () => {
    template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: Match.objectLike({ Enabled: true, MatchingEventTypes: Match.arrayWith(['bounce', 'complaint', 'delivery']) }),
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['aws.ses'], 'detail-type': ['Email Bounced', 'Email Complaint Received', 'Email Delivered'] },
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^IssuanceDeliveryFeedbackFn'), 'Arn'] } })],
    });
  });

  it('creates a group for every role and a domain event bus', () => {
    template.resourceCountIs('AWS::Cognito::UserPoolGroup', 6);
    template.resourceCountIs('AWS::Events::EventBus', 1);
    template.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'badges@example.edu', ConfigurationSetAttributes: Match.anyValue() });
  });

  it('serves the public URLs on a custom domain at the CDN, and issues credentials under it', () => {
    const { template: t } = synthDeployment({
      'laurel:publicDomainName': 'badges.example.edu',
      'laurel:publicCertificateArn': 'arn:aws:acm:us-east-1:111122223333:certificate/abcd-1234',
    });
    t.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({ Aliases: ['badges.example.edu'], ViewerCertificate: Match.objectLike({ AcmCertificateArn: 'arn:aws:acm:us-east-1:111122223333:certificate/abcd-1234' }) }),
    });
    t.resourceCountIs('AWS::ApiGatewayV2::DomainName', 0);
    t.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ PUBLIC_BASE_URL: 'https://badges.example.edu/' }) } });
    expect(() =>
      buildApp({ context: { 'aws:cdk:bundling-stacks': [], 'laurel:publicDomainName': 'badges.example.edu' } }),
    ).toThrow(/publicDomainName and publicCertificateArn go together/);
    // CloudFront takes certificates from us-east-1 only; without the CDN, the API's region is right.
    const euCertificate = { 'laurel:publicDomainName': 'badges.example.edu', 'laurel:publicCertificateArn': 'arn:aws:acm:eu-west-1:111122223333:certificate/abcd-1234' };
    expect(() => buildApp({ context: { 'aws:cdk:bundling-stacks': [], ...euCertificate } })).toThrow(/laurel:publicCertificateArn: CloudFront takes certificates from us-east-1/);
    const direct = synthDeployment({ ...euCertificate, 'laurel:cdn': false }).template;
    direct.hasResourceProperties('AWS::ApiGatewayV2::DomainName', { DomainName: 'badges.example.edu' });
    // No CDN for the public API; the staff console's distribution stays.
    expect(Object.values(direct.findResources('AWS::CloudFront::Distribution')).map((d) => d.Properties.DistributionConfig.Comment)).toEqual([expect.stringMatching(/^Laurel staff console/)]);
  });

  it('puts CloudFront in front of the public API: capped edge caching, POST /verify uncached, Accept normalized', () => {
    const [distribution] = Object.values(template.findResources('AWS::CloudFront::Distribution'));
    const config = distribution!.Properties.DistributionConfig;
    const behaviors = Object.fromEntries(config.CacheBehaviors.map((b: any) => [b.PathPattern, b]));
    // The more specific pattern must come first: CloudFront takes the first match.
    expect(config.CacheBehaviors.map((b: any) => b.PathPattern)).toEqual(['/credentials/*/verification', '/credentials/*', '/status/*', '/images/*', '/claim*', '/wallet/*', '/.well-known/*', '/oid4vci/*', '/verify', '/directory/*']);
    expect(behaviors['/verify']).toMatchObject({ AllowedMethods: expect.arrayContaining(['POST']), CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad' });
    expect(behaviors['/credentials/*'].FunctionAssociations).toEqual([expect.objectContaining({ EventType: 'viewer-request' })]);
    // The public directory: never cached at the edge, so an opt-out shows at once (public-directory.ts).
    expect(behaviors['/directory/*']).toMatchObject({ CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad' });
    expect(config.WebACLId).toBeDefined();
    // The revocation bound: status lists and keys at most 5 minutes at the edge, verification 1.
    const policies = template.findResources('AWS::CloudFront::CachePolicy');
    const ttl = (name: string) => Object.entries(policies).find(([id]) => id.includes(name))![1].Properties.CachePolicyConfig;
    expect(ttl('StatusLists')).toMatchObject({ MaxTTL: 300, MinTTL: 0 });
    expect(ttl('Verification')).toMatchObject({ MaxTTL: 60 });
    expect(ttl('Documents')).toMatchObject({ MaxTTL: 300 });
    expect(ttl('Credentials').ParametersInCacheKeyAndForwardedToOrigin.HeadersConfig).toEqual({ HeaderBehavior: 'whitelist', Headers: ['Accept'] });
    template.hasResourceProperties('AWS::CloudFront::Function', { FunctionConfig: Match.objectLike({ Runtime: 'cloudfront-js-2.0' }) });
  });

  it('throttles each public route, POST /verify below the rest, and gives it a bounded timeout', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: { ThrottlingRateLimit: 1000, ThrottlingBurstLimit: 500 },
      RouteSettings: { 'POST /verify': { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 50 }, 'GET /directory/{issuerId}': { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 25 } },
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'POST /verify', AuthorizationType: 'NONE' });
    const verify = Object.values(template.findResources('AWS::Lambda::Function')).find((f) => f.Metadata?.['laurel:entry'] === 'functions/public/verify-credential.ts');
    expect(verify?.Properties.Timeout).toBe(10);
  });

  it('keeps the web ACL in an edge stack in us-east-1, with per-IP rate limits, unless one is given', () => {
    const { edge } = buildApp({ context: { 'aws:cdk:bundling-stacks': [] } });
    expect(edge?.region).toBe('us-east-1');
    const waf = Template.fromStack(edge!);
    waf.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'CLOUDFRONT',
      Rules: Match.arrayWith([
        Match.objectLike({ Name: 'VerificationsPerIp', Statement: { RateBasedStatement: Match.objectLike({ AggregateKeyType: 'IP', ScopeDownStatement: Match.anyValue() }) } }),
        Match.objectLike({ Name: 'DirectoryRequestsPerIp', Statement: { RateBasedStatement: Match.objectLike({ AggregateKeyType: 'IP', ScopeDownStatement: Match.anyValue() }) } }),
        Match.objectLike({ Name: 'RequestsPerIp', Statement: { RateBasedStatement: Match.objectLike({ AggregateKeyType: 'IP' }) } }),
        Match.objectLike({ Name: 'AWSManagedRulesCommonRuleSet' }),
      ]),
    });
    waf.resourceCountIs('AWS::SSM::Parameter', 1);
    const arn = 'arn:aws:wafv2:us-east-1:111122223333:global/webacl/laurel/abcd-1234';
    const given = buildApp({ context: { 'aws:cdk:bundling-stacks': [], 'laurel:webAclArn': arn } });
    expect(given.edge).toBeUndefined();
    Template.fromStack(given.stack).hasResourceProperties('AWS::CloudFront::Distribution', { DistributionConfig: Match.objectLike({ WebACLId: arn }) });
  });

  it('adds a tagged P-256 key and passes it to signing when the VC-JWT format is on', () => {
    const off = template.findResources('AWS::KMS::Key', { Properties: { KeySpec: 'ECC_NIST_P256' } });
    expect(Object.keys(off)).toHaveLength(0);
    const t = synthDeployment({ 'laurel:vcJwt': true }).template;
    t.hasResourceProperties('AWS::KMS::Key', { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY', Tags: [{ Key: 'laurel:stack', Value: 'Laurel' }] });
    t.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: 'laurel-SignFn', VC_JWT_KEY_ARN: Match.anyValue() }) },
    });
  });

  it('refuses invalid deployment settings with the key and the reason', () => {
    expect(() => buildApp({ context: { 'aws:cdk:bundling-stacks': [], 'laurel:senderEmail': 'nobody' } })).toThrow(/laurel:senderEmail/);
  });
});

describe('least privilege: keys', () => {
  it('denies every function scheduling a key’s deletion, disabling it or rewriting its policy', () => {
    expect(functions.size).toBeGreaterThan(50);
    for (const [id, statements] of functions) {
      expect(statements, id).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Action: expect.arrayContaining(['kms:ScheduleKeyDeletion', 'kms:DisableKey', 'kms:PutKeyPolicy']), Resource: '*' }),
      );
    }
  });

  it('lets a function sign only with the algorithms Laurel signs with (Ed25519, and ES256 for VC-JWT)', () => {
    let signers = 0;
    for (const [id, statements] of functions) {
      for (const s of statements.filter((st) => st.Effect === 'Allow' && actionsOf(st).includes('kms:Sign'))) {
        signers++;
        expect(s.Condition?.['ForAllValues:StringEquals']?.['kms:SigningAlgorithm'] ?? s.Condition?.StringEquals?.['kms:SigningAlgorithm'], id).toEqual(['ED25519_SHA_512', 'ECDSA_SHA_256']);
        // Sign and nothing else in that statement: reading a public key needs no algorithm.
        expect(actionsOf(s), id).toEqual(['kms:Sign']);
      }
    }
    expect(signers).toBe(11);
  });
});

// Issue #17, section 3: the learner index is keyed with an HMAC whose key stays in KMS.
describe('least privilege: the learner-index key', () => {
  /** The functions that key a learner: they write or release holdings and index items, or search the index. */
  const KEYERS = [
    'BatchesIssueOrFailChunkFn',
    'BatchesValidateBatchFn',
    'CancelIssuance',
    // Canvas Live Events from the queue: requested as staff request one.
    'CanvasLiveEventsConsumeFn',
    'ChangeCredentialStatus',
    'ChangeCredentialStatuses',
    // CompletionRecorded from the bus: requested as the webhook's receiver requests one.
    'CompletionEventsConsumeFn',
    'CreateIssuance',
    // A transcript gathers the learner's credentials by their keyed email (staff, and the learner's own download).
    'CreateTranscript',
    'EraseLearner',
    // A learner's progress along a pathway: their email keyed to find their credentials.
    'GetPathwayProgress',
    'IssuanceRecordFn',
    // A declined credential is revoked, which releases the learner's holding.
    'LearnerDeclineCredential',
    'LearnerDownloadTranscript',
    // The claim page shows the learner's progress along pathways: their credentials by their keyed email.
    'LearnerGetClaimPage',
    // A renewal is an issuance: its learner index items are keyed (from the claim page, and by staff).
    'LearnerRequestRenewal',
    // A directory listing carries the learner's pseudonym there, derived from their keyed email.
    'LearnerSetCredentialVisibility',
    // A pathway's award is requested as staff request one: the learner index and holding, keyed.
    'PathwayAwardsAdvancePathwaysFn',
    // Completions in (issue #21): requested as staff request one, from each channel and on a replay.
    'ReceiveCanvasEvent',
    'ReceiveCompletion',
    'ReceiveMoodleCompletion',
    'RejectIssuance',
    'RenewCredential',
    'ReplayCompletion',
    'RequestException',
    'SearchCredentials',
    // Events out carry a learner id derived from the learner's keyed email, per subscription.
    'WebhooksDeliverWebhooksFn',
  ];

  it('is an HMAC_256 key for GENERATE_VERIFY_MAC, retained, with an alias, and no signing tag', () => {
    const keys = Object.entries(template.findResources('AWS::KMS::Key')).filter(([, k]) => k.Properties.KeySpec === 'HMAC_256');
    // The learner-index key, and the integration key (below): two keys, two powers.
    expect(keys.map(([id]) => id.replace(/[0-9A-F]{8}$/, '')).sort()).toEqual(['IntegrationSecretsKeyHmac', 'LearnerIndexKeyHmac']);
    const [id, key] = keys.find(([k]) => k.startsWith('LearnerIndexKey'))!;
    expect(key).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain', Properties: { KeyUsage: 'GENERATE_VERIFY_MAC' } });
    // Signing grants are by the deployment's tag: this key must not carry it.
    expect(JSON.stringify(key.Properties.Tags ?? [])).not.toContain('laurel:stack');
    template.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/Laurel/learner-index', TargetKeyId: { 'Fn::GetAtt': [id, 'Arn'] } });
  });

  it('lets exactly the functions that key a learner call kms:GenerateMac, on that key alone, with HMAC_SHA_256 alone', () => {
    const [keyId] = Object.entries(template.findResources('AWS::KMS::Key')).find(([id, k]) => k.Properties.KeySpec === 'HMAC_256' && id.startsWith('LearnerIndexKey'))!;
    const onLearnerKey = (s: Statement) => JSON.stringify(s.Resource).includes(keyId) || s.Resource === '*';
    const macs = (statements: Statement[]) => statements.filter((s) => s.Effect === 'Allow' && onLearnerKey(s) && actionsOf(s).some((a) => /^kms:(GenerateMac|VerifyMac|\*)$/.test(a)));
    const keyers = [...functions].filter(([, statements]) => macs(statements).length > 0).map(([id]) => id.replace(/[0-9A-F]{8}$/, ''));
    expect(keyers.sort()).toEqual(KEYERS);
    for (const [id, statements] of functions) {
      for (const s of macs(statements)) {
        expect(actionsOf(s), id).toEqual(['kms:GenerateMac']);
        // That key alone — beside the integration key, whose identical grant CDK merges into the same statement.
        for (const r of [s.Resource].flat()) expect(JSON.stringify(r), id).toMatch(new RegExp(`^\\{"Fn::GetAtt":\\["(${keyId}|IntegrationSecretsKeyHmac[0-9A-F]{8})","Arn"\\]\\}$`));
        expect(s.Condition, id).toEqual({ StringEquals: { 'kms:MacAlgorithm': 'HMAC_SHA_256' } });
      }
      // Nothing else on that key, for anyone.
      const onKey = statements.filter((s) => s.Effect === 'Allow' && JSON.stringify(s.Resource).includes(keyId));
      expect(onKey.flatMap(actionsOf).filter((a) => a !== 'kms:GenerateMac'), id).toEqual([]);
    }
  });
});

// Issue #21: the secrets shared with connected systems are derived under a key of their own.
describe('least privilege: the integration key', () => {
  /** The functions that derive a source's or a subscription's secret: to check a request, to sign a delivery, or to hand it out once. */
  const INTEGRATION_KEYERS = [
    'CreateCompletionSource',
    'CreateWebhookSubscription',
    'ReceiveCompletion',
    'ReceiveMoodleCompletion',
    'RotateCompletionSourceSecret',
    'RotateWebhookSecret',
    'WebhooksDeliverWebhooksFn',
  ];

  it('is retained with an alias, and lets exactly those functions call kms:GenerateMac on it, with HMAC_SHA_256 alone', () => {
    const [keyId, key] = Object.entries(template.findResources('AWS::KMS::Key')).find(([id]) => id.startsWith('IntegrationSecretsKey'))!;
    expect(key).toMatchObject({ DeletionPolicy: 'Retain', Properties: { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' } });
    template.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/Laurel/integration-secrets', TargetKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
    const onKey = (statements: Statement[]) => statements.filter((s) => s.Effect === 'Allow' && JSON.stringify(s.Resource).includes(keyId));
    const users = [...functions].filter(([, statements]) => onKey(statements).length > 0).map(([id]) => id.replace(/[0-9A-F]{8}$/, ''));
    expect(users.sort()).toEqual(INTEGRATION_KEYERS);
    for (const [id, statements] of functions) {
      for (const s of onKey(statements)) {
        expect(actionsOf(s), id).toEqual(['kms:GenerateMac']);
        expect(s.Condition, id).toEqual({ StringEquals: { 'kms:MacAlgorithm': 'HMAC_SHA_256' } });
      }
    }
  });
});

describe('least privilege: what "*" allows', () => {
  // cdk-nag's AwsSolutions-IAM5[Resource::*] is acknowledged for these alone (infra/nag-acknowledgements.ts).
  const RESOURCELESS = /^(xray:(PutTraceSegments|PutTelemetryRecords|GetSamplingRules|GetSamplingTargets)|logs:(CreateLogDelivery|GetLogDelivery|UpdateLogDelivery|DeleteLogDelivery|ListLogDeliveries|PutResourcePolicy|DescribeResourcePolicies|DescribeLogGroups))$/;

  it('allows on "*" only actions that take no resource, and key creation with the deployment’s tag', () => {
    for (const [id, policy] of ourPolicies()) {
      for (const st of policy.Properties.PolicyDocument.Statement as Statement[]) {
        if (st.Effect !== 'Allow' || st.Resource !== '*') continue;
        const rest = actionsOf(st).filter((a) => !RESOURCELESS.test(a));
        if (rest.length === 0) continue;
        expect(rest.sort(), id).toEqual(['kms:CreateKey', 'kms:TagResource']);
        expect(st.Condition?.StringEquals?.['aws:RequestTag/laurel:stack'], id).toBe('Laurel');
      }
    }
  });
});

describe('the verification class', () => {
  it('lets the public functions read only credential, issuer, key and status-list partitions: no Scan, no index, no KMS, no writes', () => {
    const publicFns = [...functions].filter(([id]) => id.startsWith('Public'));
    expect(publicFns.length).toBe(9);
    for (const [id, statements] of publicFns) {
      const allowed = statements.filter((s) => s.Effect === 'Allow');
      // No signing key; the data key only to decrypt what it reads (the table and objects are encrypted with it).
      const kms = allowed.filter((s) => actionsOf(s).some((a) => a.startsWith('kms:')));
      for (const s of kms) expect([JSON.stringify(s.Resource), actionsOf(s).filter((a) => a !== 'kms:Decrypt' && a !== 'kms:DescribeKey')], id).toEqual([expect.stringContaining('DataKey'), []]);
      for (const s of allowed.filter((st) => actionsOf(st).some((a) => a.startsWith('dynamodb:')))) {
        expect(actionsOf(s).sort(), id).toEqual(['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query']);
        expect(JSON.stringify(s.Resource), id).not.toContain('index');
        expect(s.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'], id).toEqual(['CREDENTIAL#*', 'ISSUER#*', 'ISSUERKEY#*', 'STATUSLIST#*']);
      }
    }
  });

  it('lets the public directory read only directory entries, credential records and issuers: no Scan, no index, no keys, no status lists, no bucket, no writes', () => {
    const directory = [...functions].filter(([id]) => id.startsWith('DirectoryGetDirectory'));
    expect(directory).toHaveLength(1);
    const [id, statements] = directory[0]!;
    const allowed = statements.filter((s) => s.Effect === 'Allow');
    const dynamo = allowed.filter((st) => actionsOf(st).some((a) => a.startsWith('dynamodb:')));
    expect(dynamo).toHaveLength(1);
    expect(actionsOf(dynamo[0]!).sort(), id).toEqual(['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query']);
    expect(JSON.stringify(dynamo[0]!.Resource), id).not.toContain('index');
    expect(dynamo[0]!.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'], id).toEqual(['DIRECTORY#*', 'CREDENTIAL#*', 'ISSUER#*']);
    expect(allowed.flatMap(actionsOf).filter((a) => a.startsWith('s3:') || a === 'kms:Sign' || a === 'kms:GenerateMac'), id).toEqual([]);
  });
});

describe('personal data at rest: the customer-managed data key', () => {
  it('encrypts the table and the artifact bucket with one rotating, retained key, and grants it only as each function reads or writes', () => {
    const keys = Object.entries(template.findResources('AWS::KMS::Key')).filter(([, k]) => !k.Properties.KeySpec);
    expect(keys).toHaveLength(1);
    const [keyId, key] = keys[0]!;
    expect(key).toMatchObject({ DeletionPolicy: 'Retain', Properties: { EnableKeyRotation: true } });
    const keyArn = { 'Fn::GetAtt': [keyId, 'Arn'] };
    template.hasResourceProperties('AWS::DynamoDB::Table', { SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: keyArn } });
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keyArn } }] },
    });
    const readers = [...functions].filter(([, sts]) => sts.some((s) => actionsOf(s).some((a) => a.startsWith('dynamodb:') || a === 's3:GetObject')));
    for (const [id, statements] of readers) {
      const onKey = statements.filter((s) => JSON.stringify(s.Resource) === JSON.stringify(keyArn));
      expect(onKey.flatMap(actionsOf), id).toContain('kms:Decrypt');
      const writes = statements.some((s) => actionsOf(s).some((a) => a === 'dynamodb:PutItem' || a === 's3:PutObject'));
      if (!writes) expect(onKey.flatMap(actionsOf).filter((a) => !['kms:Decrypt', 'kms:DescribeKey'].includes(a)), id).toEqual([]);
    }
  });
});

describe('retention', () => {
  const rulesOf = (t: Template) => {
    const bucket = Object.values(t.findResources('AWS::S3::Bucket')).find((b) => b.Metadata?.['laurel:artifacts'])!;
    return bucket.Properties.LifecycleConfiguration.Rules as { Id: string; Prefix?: string; ExpirationInDays?: number; NoncurrentVersionExpiration?: { NoncurrentDays: number } }[];
  };

  it('expires cohort files (every version) after the setting, evidence only when set, and never a signed credential or image', () => {
    const rules = rulesOf(template);
    expect(rules.find((r) => r.Prefix === 'batches/')).toMatchObject({ ExpirationInDays: 90, NoncurrentVersionExpiration: { NoncurrentDays: 1 } });
    expect(rules.find((r) => r.Prefix === 'evidence/')).toBeUndefined();
    for (const r of rules) expect(['credentials/', 'images/']).not.toContain(r.Prefix);
    expect(rules.filter((r) => !r.Prefix && r.ExpirationInDays)).toEqual([]);
    const set = rulesOf(synthDeployment({ 'laurel:batchFileRetentionDays': 30, 'laurel:evidenceRetentionDays': 2555 }).template);
    expect(set.find((r) => r.Prefix === 'batches/')).toMatchObject({ ExpirationInDays: 30 });
    expect(set.find((r) => r.Prefix === 'evidence/')).toMatchObject({ ExpirationInDays: 2555, NoncurrentVersionExpiration: { NoncurrentDays: 1 } });
  });
});

describe('reads do not write', () => {
  /** Producing something is this route's purpose: a report too large to answer inline is written to S3 and linked. */
  const PRODUCES = new Set(['GET /batches/{id}/report']);
  const WRITES = /^(dynamodb:(PutItem|UpdateItem|DeleteItem|BatchWriteItem|TransactWriteItems)|s3:PutObject|kms:(Sign|CreateKey|TagResource)|events:PutEvents|ses:SendEmail|sqs:SendMessage|states:(StartExecution|StopExecution|SendTask\w+))$/;

  it('gives the function behind every GET route no write, no signature and no workflow action', () => {
    const integrations = template.findResources('AWS::ApiGatewayV2::Integration');
    const gets = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).filter((r) => String(r.Properties.RouteKey).startsWith('GET '));
    expect(gets.length).toBeGreaterThan(20);
    for (const route of gets) {
      const integrationId = JSON.stringify(route.Properties.Target).match(/"Ref":"(\w+)"/)![1]!;
      const fnId = integrations[integrationId]!.Properties.IntegrationUri['Fn::GetAtt'][0] as string;
      const writes = functions.get(fnId)!.filter((s) => s.Effect === 'Allow').flatMap(actionsOf).filter((a) => WRITES.test(a));
      if (PRODUCES.has(route.Properties.RouteKey)) expect(writes, route.Properties.RouteKey).toContain('s3:PutObject');
      else expect(writes, `${route.Properties.RouteKey} (${fnId})`).toEqual([]);
    }
  });
});

describe('least privilege: logs', () => {
  it('lets each function write only to its own log group, with no AWS managed policy', () => {
    const roles = template.findResources('AWS::IAM::Role');
    for (const [id, fn] of Object.entries(template.findResources('AWS::Lambda::Function'))) {
      if (!fn.Metadata?.['laurel:entry']) continue;
      const role = roles[fn.Properties.Role['Fn::GetAtt'][0]]!;
      expect(role.Properties.ManagedPolicyArns, id).toBeUndefined();
      const logs = functions.get(id)!.filter((s) => actionsOf(s).some((a) => a.startsWith('logs:')));
      expect(logs.flatMap(actionsOf).sort(), id).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
      expect(logs.map((s) => s.Resource), id).toEqual([{ 'Fn::GetAtt': [fn.Properties.LoggingConfig.LogGroup.Ref, 'Arn'] }]);
    }
  });
});

describe('least privilege: objects', () => {
  it('grants no bucket-wide List* or GetBucket*: ListBucket only with an s3:prefix condition', () => {
    for (const [id, statements] of functions) {
      for (const s of statements.filter((st) => st.Effect === 'Allow' && actionsOf(st).some((a) => a.startsWith('s3:')))) {
        const actions = actionsOf(s);
        expect(actions.filter((a) => a.includes('*')), `${id}: ${JSON.stringify(s)}`).toEqual([]);
        if (actions.includes('s3:ListBucket')) {
          expect(actions, id).toEqual(['s3:ListBucket']);
          expect(s.Condition?.StringLike?.['s3:prefix'], `${id}: ${JSON.stringify(s)}`).toEqual(expect.arrayContaining([expect.stringMatching(/^[a-z-]+\/\*$/)]));
        }
      }
    }
  });

  it('lets a function read only the prefixes it declares, and write nothing but objects there', () => {
    const objectActions = new Set(['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload']);
    const erasing = new Set(['s3:ListBucketVersions', 's3:DeleteObjectVersion']);
    for (const [id, statements] of functions) {
      for (const s of statements.filter((st) => st.Effect === 'Allow' && actionsOf(st).some((a) => a.startsWith('s3:') && a !== 's3:ListBucket'))) {
        // A learner's erasure alone lists and destroys versions, of evidence and cohort files alone.
        if (actionsOf(s).some((a) => erasing.has(a))) {
          expect(id, JSON.stringify(s)).toMatch(/^EraseLearner/);
          const named = [...JSON.stringify(s.Condition ?? s.Resource).matchAll(/([a-z-]+)\/\*/g)].map((m) => m[1]);
          expect([...new Set(named)].sort(), id).toEqual(['batches', 'evidence']);
          continue;
        }
        expect(actionsOf(s).filter((a) => !objectActions.has(a)), `${id}: ${JSON.stringify(s)}`).toEqual([]);
        // Object ARNs end in one prefix of the bucket: …/<prefix>/*
        const resources = [s.Resource].flat().map((r) => JSON.stringify(r));
        for (const r of resources) expect(r, id).toMatch(/\/[a-z-]+\/\*"\]\]\}$/);
      }
    }
  });
});

// Issue #17, section 4 and 6: the stateful resources in a stack of their own, and no stack near
// CloudFormation's limit of 500 resources.
describe('stacks: state apart, room to grow', () => {
  const STATEFUL = ['AWS::DynamoDB::Table', 'AWS::S3::Bucket', 'AWS::KMS::Key', 'AWS::Cognito::UserPool', 'AWS::Cognito::UserPoolGroup', 'AWS::Events::EventBus'];

  it('keeps no stack above 60% of CloudFormation’s 500 resources, nested stacks included', () => {
    const { resourcesPerStack } = synthDeployment({ 'laurel:vcJwt': true });
    console.log(`resources per stack (of 500): ${Object.entries(resourcesPerStack).map(([s, n]) => `${s} ${n}`).join(', ')}`);
    expect(Object.keys(resourcesPerStack).length).toBeGreaterThan(3);
    for (const [stack, count] of Object.entries(resourcesPerStack)) expect(count, stack).toBeLessThanOrEqual(300);
  });

  it('holds the table, the bucket, the keys, the user pool and the bus in a top-level stateful stack, retained', () => {
    const { state, stack } = synthDeployment({ 'laurel:vcJwt': true });
    const data = Template.fromStack(state);
    for (const type of STATEFUL) {
      const found = Object.values(data.findResources(type));
      expect(found.length, type).toBeGreaterThan(0);
      for (const r of found) expect([type, r.DeletionPolicy]).toEqual([type, 'Retain']);
    }
    // `cdk import` brings resources into top-level stacks only.
    expect(state.nested).toBe(false);
    expect(state.terminationProtection).toBe(true);
    const stateless = Template.fromStack(stack);
    // The one bucket of the stateless stack holds the staff console's build, which every deployment writes again.
    for (const type of STATEFUL.filter((t) => t !== 'AWS::S3::Bucket')) stateless.resourceCountIs(type, 0);
    expect(Object.keys(stateless.findResources('AWS::S3::Bucket'))).toEqual([expect.stringMatching(/^ConsoleBucket/)]);
    // The keys keep the deployment's tag and alias, as before the stateful stack was split out.
    data.hasResourceProperties('AWS::KMS::Key', { Tags: [{ Key: 'laurel:stack', Value: 'Laurel' }] });
    data.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/Laurel/main/signing' });
  });

  it('reads as one template for the local cloud: every reference across stacks put back', () => {
    const { resourcesPerStack } = synthDeployment();
    const json = JSON.stringify(template.toJSON());
    for (const crossing of ['Fn::ImportValue', '"Outputs.', 'referenceto']) expect(json, crossing).not.toContain(crossing);
    // Each nested stack counts one resource in its parent, and is replaced by its own resources.
    const nested = Object.keys(resourcesPerStack).filter((s) => !['Laurel', 'LaurelData', 'LaurelEdge'].includes(s));
    const total = Object.values(resourcesPerStack).reduce((a, b) => a + b, 0) - nested.length;
    expect(Object.keys(template.toJSON().Resources)).toHaveLength(total);
  });
});

// Issue #18: the staff console, served from a private bucket through CloudFront with a strict CSP.
describe('the staff console', () => {
  const cspOf = (t: Template) => {
    const policy = Object.values(t.findResources('AWS::CloudFront::ResponseHeadersPolicy')).find((p) => String(p.Properties.ResponseHeadersPolicyConfig.Comment).startsWith('Laurel staff console'));
    const value = policy!.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy;
    return (typeof value === 'string' ? [value] : (value['Fn::Join'][1] as unknown[])).map((p) => (typeof p === 'string' ? p : JSON.stringify(p))).join('');
  };
  const consoleDistribution = (t: Template) =>
    Object.values(t.findResources('AWS::CloudFront::Distribution')).find((d) => String(d.Properties.DistributionConfig.Comment).startsWith('Laurel staff console'))!;

  it('serves the build from a private bucket that only its distribution reads, as a single-page app', () => {
    const config = consoleDistribution(template).Properties.DistributionConfig;
    expect(config).toMatchObject({ DefaultRootObject: 'index.html', DefaultCacheBehavior: { ViewerProtocolPolicy: 'redirect-to-https', AllowedMethods: ['GET', 'HEAD'] } });
    expect(config.CustomErrorResponses).toEqual([403, 404].map((code) => ({ ErrorCode: code, ResponseCode: 200, ResponsePagePath: '/index.html', ErrorCachingMinTTL: 0 })));
    expect(config.Origins[0].OriginAccessControlId).toBeDefined();
    template.hasResourceProperties('AWS::S3::Bucket', Match.objectLike({ PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true } }));
    const policies = Object.entries(template.findResources('AWS::S3::BucketPolicy')).filter(([id]) => id.startsWith('ConsoleBucket'));
    const reads = policies.flatMap(([, p]) => p.Properties.PolicyDocument.Statement).filter((s: Statement) => s.Effect === 'Allow');
    expect(reads).toEqual([expect.objectContaining({ Action: 's3:GetObject', Principal: { Service: 'cloudfront.amazonaws.com' }, Condition: { StringEquals: { 'AWS:SourceArn': expect.anything() } } })]);
  });

  it("sends a strict CSP: the console's own scripts and styles only, connections to the API, sign-in and uploads only, no frames", () => {
    const csp = cspOf(template);
    // The verification page's stylesheet by its hash (for the editor's preview frame), and nothing inline besides.
    expect(csp).toContain(`style-src 'self' ${pageStyleSource('#1d3557')};`);
    expect(csp.replace(` ${pageStyleSource('#1d3557')}`, '')).toMatch(/^default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; connect-src 'self' https:\/\/\*\.execute-api\.[^ ]+ https:\/\/.*StaffUserPoolDomain.*\.auth\..*amazoncognito\.com https:\/\/.*ArtifactsBucket.*RegionalDomainName.*; manifest-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'$/);
    expect(csp).not.toMatch(/unsafe-(inline|eval)/);
    template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: Match.objectLike({ FrameOptions: { FrameOption: 'DENY', Override: true }, ReferrerPolicy: { ReferrerPolicy: 'no-referrer', Override: true } }),
      }),
    });
  });

  it('signs staff in with an app client of its own: the code flow with PKCE back to the console, and the API accepts its tokens from its origin only', () => {
    const clients = Object.entries(template.findResources('AWS::Cognito::UserPoolClient')).filter(([id]) => id.startsWith('ConsoleClient'));
    expect(clients).toHaveLength(1);
    const client = clients[0]![1].Properties;
    expect(client).toMatchObject({ AllowedOAuthFlows: ['code'], AllowedOAuthFlowsUserPoolClient: true, GenerateSecret: false, AllowedOAuthScopes: ['openid', 'email', 'profile'], EnableTokenRevocation: true });
    expect(JSON.stringify(client.CallbackURLs)).toMatch(/ConsoleDistribution.*DomainName.*\/callback/);
    const api = Object.values(template.findResources('AWS::ApiGatewayV2::Api')).find((a) => a.Properties.Description === 'Laurel admin API')!;
    expect(JSON.stringify(api.Properties.CorsConfiguration.AllowOrigins)).toMatch(/ConsoleDistribution/);
    expect(api.Properties.CorsConfiguration).toMatchObject({ AllowHeaders: ['authorization', 'content-type', 'idempotency-key', 'if-match'], ExposeHeaders: ['etag', 'location'] });
    const authorizer = Object.values(template.findResources('AWS::ApiGatewayV2::Authorizer'))[0]!;
    expect(JSON.stringify(authorizer.Properties.JwtConfiguration.Audience)).toMatch(/ConsoleClient/);
  });

  it('lets browsers upload evidence and cohort files with presigned PUTs from the console, and only from its domain when it has one', () => {
    const uploadRules = (t: Template) =>
      Object.values(t.findResources('AWS::S3::Bucket')).flatMap((b) => (b.Properties.CorsConfiguration?.CorsRules ?? []) as { AllowedMethods: string[]; AllowedOrigins: string[] }[]);
    expect(uploadRules(synthDeployment().template)).toEqual([expect.objectContaining({ AllowedMethods: ['PUT'], AllowedOrigins: ['https://*.cloudfront.net'] })]);
    const own = synthDeployment({ 'laurel:consoleDomainName': 'staff.example.edu', 'laurel:consoleCertificateArn': 'arn:aws:acm:us-east-1:111122223333:certificate/abcd-1234' }).template;
    expect(uploadRules(own)).toEqual([expect.objectContaining({ AllowedMethods: ['PUT'], AllowedOrigins: ['https://staff.example.edu'] })]);
    expect(consoleDistribution(own).Properties.DistributionConfig).toMatchObject({ Aliases: ['staff.example.edu'], ViewerCertificate: { MinimumProtocolVersion: 'TLSv1.2_2021' } });
    expect(() => buildApp({ context: { 'aws:cdk:bundling-stacks': [], 'laurel:consoleDomainName': 'staff.example.edu' } })).toThrow(/consoleDomainName and consoleCertificateArn go together/);
  });

  it("lets CDK's deployment function write the console's bucket alone", () => {
    const [id, policy] = Object.entries(template.findResources('AWS::IAM::Policy')).find(([pid]) => CDK_BUCKET_DEPLOYMENT.test(pid))!;
    const writes = (policy.Properties.PolicyDocument.Statement as Statement[]).filter((s) => s.Effect === 'Allow' && actionsOf(s).some((a) => /Put|Delete/.test(a)));
    expect(writes.length, id).toBe(1);
    expect(JSON.stringify(writes[0]!.Resource)).toMatch(/ConsoleBucket/);
    expect(JSON.stringify(writes[0]!.Resource)).not.toMatch(/Artifacts|Archive/);
  });

  it('is left out with laurel:console=false (the local cloud serves the console itself)', () => {
    const without = synthDeployment({ 'laurel:console': false }).template;
    expect(Object.keys(without.findResources('AWS::Cognito::UserPoolClient')).some((id) => id.startsWith('ConsoleClient'))).toBe(false);
    expect(Object.values(without.findResources('AWS::CloudFront::Distribution')).some((d) => String(d.Properties.DistributionConfig.Comment).startsWith('Laurel staff console'))).toBe(false);
  });
});
