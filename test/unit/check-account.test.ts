import { describe, expect, it } from 'vitest';
import { checkAccount, type AccountClients } from '../../local/check-account';

/**
 * The operator's account check (npm run check:account) against recorded answers of the AWS APIs
 * it calls: a deployment as the stack makes it passes every check, and each way it can drift
 * (protection off, a role allowed what it must not do) is named.
 */
const ACCOUNT = '111122223333';
const KEY = (id: string) => `arn:aws:kms:eu-west-1:${ACCOUNT}:key/${id}`;

function clients(drift: { deletionProtection?: boolean; publicMayScan?: boolean; anyoneMayDisableKeys?: boolean; archiveMode?: string; mayAdoptKeys?: boolean; directoryReadsLearners?: boolean } = {}) {
  const stacks: Record<string, { LogicalResourceId: string; PhysicalResourceId: string; ResourceType: string }[]> = {
    LaurelData: [
      { LogicalResourceId: 'DataTableFDBAD0F2', PhysicalResourceId: 'LaurelData-DataTable-1', ResourceType: 'AWS::DynamoDB::Table' },
      { LogicalResourceId: 'ArtifactsBucket88671897', PhysicalResourceId: 'laureldata-artifacts-1', ResourceType: 'AWS::S3::Bucket' },
      { LogicalResourceId: 'ArtifactsAccessLogs1234', PhysicalResourceId: 'laureldata-logs-1', ResourceType: 'AWS::S3::Bucket' },
      { LogicalResourceId: 'ArchiveBucket49F1AC64', PhysicalResourceId: 'laureldata-archive-1', ResourceType: 'AWS::S3::Bucket' },
      { LogicalResourceId: 'DataKey17AFBB84', PhysicalResourceId: 'data-key', ResourceType: 'AWS::KMS::Key' },
      { LogicalResourceId: 'SigningKeysEd25519AE7D0B27', PhysicalResourceId: 'ed-key', ResourceType: 'AWS::KMS::Key' },
    ],
    Laurel: [
      { LogicalResourceId: 'PublicGetCredentialServiceRole35A9FA24', PhysicalResourceId: 'Laurel-PublicGetCredential-1', ResourceType: 'AWS::IAM::Role' },
      { LogicalResourceId: 'IssuanceSignFnServiceRoleF5A06988', PhysicalResourceId: 'Laurel-IssuanceSignFn-1', ResourceType: 'AWS::IAM::Role' },
      { LogicalResourceId: 'AdminIssuancesNested', PhysicalResourceId: 'arn:aws:cloudformation:eu-west-1:111122223333:stack/Laurel-AdminIssuances/1', ResourceType: 'AWS::CloudFormation::Stack' },
      { LogicalResourceId: 'DirectoryStackNested', PhysicalResourceId: 'arn:aws:cloudformation:eu-west-1:111122223333:stack/Laurel-DirectoryStack/1', ResourceType: 'AWS::CloudFormation::Stack' },
    ],
    'arn:aws:cloudformation:eu-west-1:111122223333:stack/Laurel-DirectoryStack/1': [
      { LogicalResourceId: 'DirectoryGetDirectoryServiceRole8C1D2E3F', PhysicalResourceId: 'Laurel-DirectoryGetDirectory-1', ResourceType: 'AWS::IAM::Role' },
    ],
    'arn:aws:cloudformation:eu-west-1:111122223333:stack/Laurel-AdminIssuances/1': [
      { LogicalResourceId: 'CreateIssuanceServiceRole157CBEBC', PhysicalResourceId: 'Laurel-CreateIssuance-1', ResourceType: 'AWS::IAM::Role' },
    ],
  };
  /** IAM as the stack's policies decide, with the drift asked for. */
  const decide = (role: string, action: string, context: Record<string, string>) => {
    if (action === 'kms:TagResource') return Boolean(drift.mayAdoptKeys) && context['aws:RequestTag/laurel:stack'] === 'Laurel';
    if (action.startsWith('kms:') && action !== 'kms:Sign') return Boolean(drift.anyoneMayDisableKeys);
    if (action === 'dynamodb:PutItem' && context['dynamodb:LeadingKeys']?.startsWith('AUDIT#')) return role.includes('AuditWriterFn') && context['dynamodb:Attributes'] !== 'expiresAt';
    if (action === 'dynamodb:PutItem' && context['dynamodb:LeadingKeys']?.startsWith('ISSUERKEY#')) return false;
    if (action === 'kms:Sign') return role.includes('IssuanceSignFn');
    if (action === 's3:ListBucket') return false;
    if (action === 'dynamodb:Scan') return /Public|Directory/.test(role) ? Boolean(drift.publicMayScan) : true;
    if (role.includes('Public')) return action === 'dynamodb:GetItem' && /^(CREDENTIAL|ISSUER|STATUSLIST)#/.test(context['dynamodb:LeadingKeys'] ?? '');
    // The directory reads its entries, the credentials they name and the issuers (table('readDirectory')); a drift lets it read learners.
    if (role.includes('Directory')) return ['dynamodb:GetItem', 'dynamodb:Query'].includes(action) && new RegExp(`^(CREDENTIAL|ISSUER|DIRECTORY${drift.directoryReadsLearners ? '|LEARNER' : ''})#`).test(context['dynamodb:LeadingKeys'] ?? '');
    return true;
  };
  const answers: Record<string, (input: any) => unknown> = {
    DescribeStacksCommand: (i) => ({ Stacks: [{ StackName: i.StackName, EnableTerminationProtection: true }] }),
    DescribeStackResourcesCommand: (i) => ({ StackResources: stacks[i.StackName] ?? [] }),
    DescribeTableCommand: () => ({
      Table: { TableArn: `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/LaurelData-DataTable-1`, DeletionProtectionEnabled: drift.deletionProtection ?? true, SSEDescription: { SSEType: 'KMS', KMSMasterKeyArn: KEY('data-key') } },
    }),
    DescribeContinuousBackupsCommand: () => ({ ContinuousBackupsDescription: { PointInTimeRecoveryDescription: { PointInTimeRecoveryStatus: 'ENABLED' } } }),
    DescribeKeyCommand: (i) => ({ KeyMetadata: { Arn: KEY(i.KeyId), KeyState: 'Enabled' } }),
    GetKeyRotationStatusCommand: () => ({ KeyRotationEnabled: true }),
    GetBucketEncryptionCommand: () => ({ ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: KEY('data-key') }, BucketKeyEnabled: true }] } }),
    GetBucketVersioningCommand: () => ({ Status: 'Enabled' }),
    GetObjectLockConfigurationCommand: () => ({ ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: drift.archiveMode ?? 'COMPLIANCE', Days: 3650 } } } }),
    GetPublicAccessBlockCommand: () => ({ PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true } }),
    GetBucketLoggingCommand: () => ({ LoggingEnabled: { TargetBucket: 'laureldata-logs-1' } }),
    SimulatePrincipalPolicyCommand: (i) => {
      const context = Object.fromEntries((i.ContextEntries ?? []).map((e: any) => [e.ContextKeyName, e.ContextKeyValues[0]]));
      return { EvaluationResults: [{ EvalActionName: i.ActionNames[0], EvalDecision: decide(i.PolicySourceArn, i.ActionNames[0], context) ? 'allowed' : 'implicitDeny' }] };
    },
  };
  const send = async (command: { constructor: { name: string }; input: unknown }) => {
    const answer = answers[command.constructor.name];
    if (!answer) throw new Error(`unexpected ${command.constructor.name}`);
    return answer(command.input);
  };
  const c = { send } as never;
  return { cloudFormation: c, dynamo: c, s3: c, kms: c, iam: c } as AccountClients;
}

describe('the operator’s account check', () => {
  it('passes a deployment as the stack makes it, and checks every function role, nested stacks included', async () => {
    const checks = await checkAccount(clients(), 'Laurel');
    expect(checks.filter((c) => !c.ok)).toEqual([]);
    expect(checks.map((c) => c.name)).toEqual(
      expect.arrayContaining([
        'table: encrypted with the data key',
        'bucket: all public access blocked',
        'CreateIssuanceServiceRole157CBEBC: may not kms:DisableKey',
        'PublicGetCredentialServiceRole35A9FA24: may not Scan',
        'PublicGetCredentialServiceRole35A9FA24: may not read an issuance',
        'PublicGetCredentialServiceRole35A9FA24: may not read the learner index',
        'DirectoryGetDirectoryServiceRole8C1D2E3F: may not Scan',
        'DirectoryGetDirectoryServiceRole8C1D2E3F: may not read an issuance',
        'DirectoryGetDirectoryServiceRole8C1D2E3F: may not read the learner index',
        'DirectoryGetDirectoryServiceRole8C1D2E3F: may not write',
        'CreateIssuanceServiceRole157CBEBC: may not sign',
        'CreateIssuanceServiceRole157CBEBC: may not write the audit trail',
        'CreateIssuanceServiceRole157CBEBC: may not write key records',
        'CreateIssuanceServiceRole157CBEBC: may not tag another key of the account into the deployment',
        'archive: Object Lock, compliance mode by default',
      ]),
    );
    expect(checks.some((c) => c.name === 'IssuanceSignFnServiceRoleF5A06988: may not sign')).toBe(false);
  });

  it('names each drift: protection off, a public function allowed to Scan, anyone allowed to disable keys', async () => {
    const failed = (await checkAccount(clients({ deletionProtection: false, publicMayScan: true, anyoneMayDisableKeys: true, archiveMode: 'GOVERNANCE', mayAdoptKeys: true, directoryReadsLearners: true }), 'Laurel')).filter((c) => !c.ok).map((c) => c.name);
    expect(failed).toEqual(
      expect.arrayContaining([
        'table: deletion protection',
        'PublicGetCredentialServiceRole35A9FA24: may not Scan',
        'DirectoryGetDirectoryServiceRole8C1D2E3F: may not Scan',
        'DirectoryGetDirectoryServiceRole8C1D2E3F: may not read the learner index',
        'IssuanceSignFnServiceRoleF5A06988: may not kms:DisableKey',
        'archive: Object Lock, compliance mode by default',
        'CreateIssuanceServiceRole157CBEBC: may not tag another key of the account into the deployment',
      ]),
    );
  });
});
