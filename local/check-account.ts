import { CloudFormationClient, DescribeStackResourcesCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DescribeContinuousBackupsCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { IAMClient, SimulatePrincipalPolicyCommand, type ContextEntry } from '@aws-sdk/client-iam';
import { DescribeKeyCommand, GetKeyRotationStatusCommand, KMSClient } from '@aws-sdk/client-kms';
import { GetBucketEncryptionCommand, GetBucketLoggingCommand, GetBucketVersioningCommand, GetObjectLockConfigurationCommand, GetPublicAccessBlockCommand, S3Client } from '@aws-sdk/client-s3';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

/**
 * `npm run check:account -- [--stack Laurel] [--region eu-west-1]`: what only a real account can
 * verify, checked in the operator's own account after a deploy (README, Security). The template
 * tests prove the policies and settings as written; this asks AWS what they do: the IAM policy
 * simulator on every function's role (what the public functions, the signers and everyone may
 * not do), and the table, bucket and keys as deployed. Read-only: it changes nothing.
 */

export interface Check {
  name: string;
  ok: boolean;
  detail?: string;
}

/** The AWS calls the checks make: each a `send`, so tests give recorded answers. */
export interface AccountClients {
  cloudFormation: Pick<CloudFormationClient, 'send'>;
  dynamo: Pick<DynamoDBClient, 'send'>;
  s3: Pick<S3Client, 'send'>;
  kms: Pick<KMSClient, 'send'>;
  iam: Pick<IAMClient, 'send'>;
}

interface StackResource {
  LogicalResourceId?: string;
  PhysicalResourceId?: string;
  ResourceType?: string;
}

/** Every resource of the stack and of the stacks nested in it. */
async function resourcesOf(c: AccountClients, stackName: string): Promise<StackResource[]> {
  const { StackResources = [] } = await c.cloudFormation.send(new DescribeStackResourcesCommand({ StackName: stackName }));
  const nested = StackResources.filter((r) => r.ResourceType === 'AWS::CloudFormation::Stack' && r.PhysicalResourceId);
  return [...StackResources, ...(await Promise.all(nested.map((n) => resourcesOf(c, n.PhysicalResourceId!)))).flat()];
}

const check = (name: string, ok: boolean, detail?: string): Check => ({ name, ok, ...(detail && !ok ? { detail } : {}) });

/** The stateful stack's resources as deployed; also what the role checks need (the table's and signing keys' ARNs). */
export async function checkStateful(c: AccountClients, dataStack: string): Promise<{ checks: Check[]; tableArn: string; bucket: string; signingKeyArns: string[] }> {
  const { Stacks = [] } = await c.cloudFormation.send(new DescribeStacksCommand({ StackName: dataStack }));
  const resources = await resourcesOf(c, dataStack);
  const physical = (type: string, prefix: string) => resources.find((r) => r.ResourceType === type && r.LogicalResourceId?.startsWith(prefix))?.PhysicalResourceId ?? '';
  const table = physical('AWS::DynamoDB::Table', 'DataTable');
  const bucket = physical('AWS::S3::Bucket', 'ArtifactsBucket');
  const dataKey = physical('AWS::KMS::Key', 'DataKey');
  const signing = resources.filter((r) => r.ResourceType === 'AWS::KMS::Key' && r.LogicalResourceId?.startsWith('SigningKeys')).map((r) => r.PhysicalResourceId!);
  const checks: Check[] = [check(`${dataStack}: termination protection`, Stacks[0]?.EnableTerminationProtection === true)];

  const { Table } = await c.dynamo.send(new DescribeTableCommand({ TableName: table }));
  const keyArn = dataKey ? (await c.kms.send(new DescribeKeyCommand({ KeyId: dataKey }))).KeyMetadata?.Arn : undefined;
  checks.push(
    check('table: encrypted with the data key', Table?.SSEDescription?.SSEType === 'KMS' && Table.SSEDescription.KMSMasterKeyArn === keyArn, JSON.stringify(Table?.SSEDescription)),
    check('table: deletion protection', Table?.DeletionProtectionEnabled === true),
  );
  const backups = await c.dynamo.send(new DescribeContinuousBackupsCommand({ TableName: table }));
  checks.push(check('table: point-in-time recovery', backups.ContinuousBackupsDescription?.PointInTimeRecoveryDescription?.PointInTimeRecoveryStatus === 'ENABLED'));

  const encryption = await c.s3.send(new GetBucketEncryptionCommand({ Bucket: bucket }));
  const rule = encryption.ServerSideEncryptionConfiguration?.Rules?.[0];
  checks.push(
    check('bucket: encrypted with the data key, bucket keys on', rule?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm === 'aws:kms' && rule.ApplyServerSideEncryptionByDefault.KMSMasterKeyID === keyArn && rule.BucketKeyEnabled === true, JSON.stringify(rule)),
    check('bucket: versioned', (await c.s3.send(new GetBucketVersioningCommand({ Bucket: bucket }))).Status === 'Enabled'),
  );
  const block = (await c.s3.send(new GetPublicAccessBlockCommand({ Bucket: bucket }))).PublicAccessBlockConfiguration;
  checks.push(check('bucket: all public access blocked', Boolean(block?.BlockPublicAcls && block.BlockPublicPolicy && block.IgnorePublicAcls && block.RestrictPublicBuckets)));
  checks.push(check('bucket: server access logging', Boolean((await c.s3.send(new GetBucketLoggingCommand({ Bucket: bucket }))).LoggingEnabled?.TargetBucket)));

  // The archive (audit anchors, key states, status lists): locked in compliance mode, so nobody can delete what it holds.
  const archive = physical('AWS::S3::Bucket', 'ArchiveBucket');
  const lock = (await c.s3.send(new GetObjectLockConfigurationCommand({ Bucket: archive }))).ObjectLockConfiguration;
  checks.push(
    check('archive: Object Lock, compliance mode by default', lock?.ObjectLockEnabled === 'Enabled' && lock.Rule?.DefaultRetention?.Mode === 'COMPLIANCE', JSON.stringify(lock)),
  );

  if (dataKey) checks.push(check('data key: yearly rotation', (await c.kms.send(new GetKeyRotationStatusCommand({ KeyId: dataKey }))).KeyRotationEnabled === true));
  const signingKeyArns: string[] = [];
  for (const key of signing) {
    const metadata = (await c.kms.send(new DescribeKeyCommand({ KeyId: key }))).KeyMetadata;
    checks.push(check(`signing key ${key}: enabled`, metadata?.KeyState === 'Enabled', `state ${metadata?.KeyState}`));
    signingKeyArns.push(metadata?.Arn ?? key);
  }
  return { checks, tableArn: Table?.TableArn ?? '', bucket, signingKeyArns };
}

/** Condition keys as the simulator takes them: dynamodb:LeadingKeys, dynamodb:Attributes and aws:TagKeys are multi-valued (ForAllValues, ForAnyValue). */
const MULTI_VALUED = new Set(['dynamodb:LeadingKeys', 'dynamodb:Attributes', 'aws:TagKeys']);
const context = (entries: Record<string, string>): ContextEntry[] =>
  Object.entries(entries).map(([key, value]) => ({ ContextKeyName: key, ContextKeyValues: [value], ContextKeyType: MULTI_VALUED.has(key) ? 'stringList' : 'string' }));

/** What a role may do, as IAM decides it (the simulator evaluates its policies with the given context). */
async function allowed(c: AccountClients, roleArn: string, action: string, resource: string, entries: Record<string, string> = {}): Promise<boolean> {
  const { EvaluationResults = [] } = await c.iam.send(
    new SimulatePrincipalPolicyCommand({ PolicySourceArn: roleArn, ActionNames: [action], ResourceArns: [resource], ContextEntries: context(entries) }),
  );
  return EvaluationResults.every((r) => r.EvalDecision === 'allowed') && EvaluationResults.length > 0;
}

/** A key ARN in the deployment's account and region that is not one of its keys (the simulator needs no real key). */
const otherKeyOf = (keyArn: string | undefined) => (keyArn ? keyArn.replace(/key\/.*$/, 'key/00000000-0000-4000-8000-000000000000') : undefined);

/** IAM, function by function: nobody ends a key; public functions read published partitions only; only signers sign. */
export async function checkFunctionRoles(
  c: AccountClients,
  roles: { logicalId: string; roleArn: string }[],
  state: { tableArn: string; bucketArn: string; signingKeyArns: string[]; tag: string },
): Promise<Check[]> {
  const checks: Check[] = [];
  const SIGNERS = /^(IssuanceSignFn|BatchesIssueOrFailChunkFn|ChangeCredentialStatus)/;
  const AUDIT_WRITER = /^AuditLogAuditWriterFn/;
  const KEY_WRITERS = /^(CreateIssuer|RotateIssuerKey|CompromiseIssuerKey|DeploymentKeysRegisterDeploymentKeysFn)/;
  // The public API's functions, and the directory's in its nested stack: anyone on the internet reaches them.
  const PUBLIC = /^(Public|DirectoryGetDirectory)/;
  for (const { logicalId, roleArn } of roles) {
    for (const key of state.signingKeyArns) {
      for (const action of ['kms:ScheduleKeyDeletion', 'kms:DisableKey', 'kms:PutKeyPolicy']) {
        checks.push(check(`${logicalId}: may not ${action}`, !(await allowed(c, roleArn, action, key))));
      }
      if (!SIGNERS.test(logicalId)) checks.push(check(`${logicalId}: may not sign`, !(await allowed(c, roleArn, 'kms:Sign', key, { [`aws:ResourceTag/laurel:stack`]: state.tag, 'kms:SigningAlgorithm': 'ED25519_SHA_512' }))));
    }
    checks.push(check(`${logicalId}: may not list the whole bucket`, !(await allowed(c, roleArn, 's3:ListBucket', state.bucketArn))));
    // Key creation tags its key with the deployment's tag (kms:TagResource with that request tag);
    // the same permission must not let a role tag a key of the account into the deployment.
    const outsider = otherKeyOf(state.signingKeyArns[0]);
    if (outsider) {
      const adopting = { 'aws:RequestTag/laurel:stack': state.tag, 'aws:TagKeys': 'laurel:stack' };
      checks.push(check(`${logicalId}: may not tag another key of the account into the deployment`, !(await allowed(c, roleArn, 'kms:TagResource', outsider, adopting))));
    }
    // The audit writer alone writes the trail, and never with the TTL attribute; key writers alone write key records.
    if (AUDIT_WRITER.test(logicalId)) {
      checks.push(check(`${logicalId}: may not write an audit event with the TTL attribute`, !(await allowed(c, roleArn, 'dynamodb:PutItem', state.tableArn, { 'dynamodb:LeadingKeys': 'AUDIT#issuance#x', 'dynamodb:Attributes': 'expiresAt' }))));
    } else {
      checks.push(check(`${logicalId}: may not write the audit trail`, !(await allowed(c, roleArn, 'dynamodb:PutItem', state.tableArn, { 'dynamodb:LeadingKeys': 'AUDIT#issuance#x', 'dynamodb:Attributes': 'action' }))));
    }
    if (!KEY_WRITERS.test(logicalId)) {
      checks.push(check(`${logicalId}: may not write key records`, !(await allowed(c, roleArn, 'dynamodb:PutItem', state.tableArn, { 'dynamodb:LeadingKeys': 'ISSUERKEY#main', 'dynamodb:Attributes': 'status' }))));
    }
    if (PUBLIC.test(logicalId)) {
      checks.push(
        check(`${logicalId}: may not Scan`, !(await allowed(c, roleArn, 'dynamodb:Scan', state.tableArn))),
        check(`${logicalId}: may not read an issuance`, !(await allowed(c, roleArn, 'dynamodb:GetItem', state.tableArn, { 'dynamodb:LeadingKeys': 'ISSUANCE#x' }))),
        check(`${logicalId}: may not read the learner index`, !(await allowed(c, roleArn, 'dynamodb:Query', state.tableArn, { 'dynamodb:LeadingKeys': 'LEARNER#x' }))),
        check(`${logicalId}: may not write`, !(await allowed(c, roleArn, 'dynamodb:PutItem', state.tableArn, { 'dynamodb:LeadingKeys': 'CREDENTIAL#x' }))),
      );
    }
  }
  return checks;
}

export async function checkAccount(c: AccountClients, stack: string): Promise<Check[]> {
  const stateful = await checkStateful(c, `${stack}Data`);
  const resources = await resourcesOf(c, stack);
  const roles = resources
    .filter((r) => r.ResourceType === 'AWS::IAM::Role' && r.LogicalResourceId?.includes('ServiceRole'))
    .map((r) => ({ logicalId: r.LogicalResourceId!, roleArn: r.PhysicalResourceId! }));
  const account = stateful.tableArn.split(':')[4] ?? '';
  const roleArns = roles.map((r) => ({ ...r, roleArn: r.roleArn.startsWith('arn:') ? r.roleArn : `arn:aws:iam::${account}:role/${r.roleArn}` }));
  const fnChecks = await checkFunctionRoles(c, roleArns, { tableArn: stateful.tableArn, bucketArn: `arn:aws:s3:::${stateful.bucket}`, signingKeyArns: stateful.signingKeyArns, tag: stack });
  return [...stateful.checks, check(`${stack}: function roles found`, roles.length > 0), ...fnChecks];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const { values } = parseArgs({ options: { stack: { type: 'string', default: 'Laurel' }, region: { type: 'string' } } });
  const config = values.region ? { region: values.region } : {};
  const clients: AccountClients = {
    cloudFormation: new CloudFormationClient(config),
    dynamo: new DynamoDBClient(config),
    s3: new S3Client(config),
    kms: new KMSClient(config),
    iam: new IAMClient(config),
  };
  const checks = await checkAccount(clients, values.stack!);
  for (const c of checks) console.log(`${c.ok ? 'ok  ' : 'FAIL'} ${c.name}${c.detail ? `: ${c.detail}` : ''}`);
  const failed = checks.filter((c) => !c.ok).length;
  console.log(`\n${checks.length - failed} of ${checks.length} checks passed`);
  process.exitCode = failed ? 1 : 0;
}
