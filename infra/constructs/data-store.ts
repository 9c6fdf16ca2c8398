import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Effect, PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { ISSUER_KEY_PARTITION } from '../../shared/entities/issuer-key';
import { PUBLISHED_PARTITIONS, TABLE_KEYS } from '../../shared/entities/keys';
import { DIRECTORY_READ_PARTITIONS } from '../../shared/entities/directory-entry';
import type { Accesses } from '../../shared/wiring/bindings';
import type { Provider } from '../wiring';

/** The audit trail's partitions: its events, and their sealed details (erasable, never by any function but the writer). */
const AUDIT_PARTITIONS = ['AUDIT#*', 'AUDITDETAIL#*'];

/** The one table (single-table design). Access patterns: see README and shared/entities. */
export class DataStore extends Construct implements Provider<Accesses['table']> {
  readonly table: Table;

  constructor(scope: Construct, id: string, props: { encryptionKey: IKey }) {
    super(scope, id);
    this.table = new Table(this, 'Table', {
      // The customer-managed key: CDK's read and write grants add kms:Decrypt (and, for writers,
      // Encrypt and GenerateDataKey) on it; grantReadPublished adds Decrypt itself.
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: props.encryptionKey,
      partitionKey: { name: TABLE_KEYS.partition, type: AttributeType.STRING },
      sortKey: { name: TABLE_KEYS.sort, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: TABLE_KEYS.ttl,
      deletionProtection: true,
      // Credentials and their audit trail must outlive any stack operation.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const gsi of [TABLE_KEYS.gsi1, TABLE_KEYS.gsi2]) {
      this.table.addGlobalSecondaryIndex({
        indexName: gsi.name,
        partitionKey: { name: gsi.partition, type: AttributeType.STRING },
        sortKey: { name: gsi.sort, type: AttributeType.STRING },
        projectionType: ProjectionType.ALL,
      });
    }
    const { gsi3 } = TABLE_KEYS;
    this.table.addGlobalSecondaryIndex({
      indexName: gsi3.name,
      partitionKey: { name: gsi3.partition, type: AttributeType.STRING },
      sortKey: { name: gsi3.sort, type: AttributeType.STRING },
      projectionType: ProjectionType.INCLUDE,
      nonKeyAttributes: [...gsi3.projected],
    });
  }

  grantRead(grantee: IGrantable) {
    return this.table.grantReadData(grantee);
  }

  /**
   * The verification class (the public API): GetItem, BatchGetItem and Query on the table itself,
   * only in the partitions verification reads (PUBLISHED_PARTITIONS); no Scan, no index. Issuances,
   * learners, deliveries and the audit trail (personal data) stay out of reach of a public function.
   */
  grantReadPublished(grantee: IGrantable) {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'],
        resources: [this.table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': PUBLISHED_PARTITIONS.map((p) => `${p}*`) } },
      }),
    );
    this.table.encryptionKey?.grantDecrypt(grantee);
  }

  /**
   * The public directory's read (GET /directory/{issuerId}): GetItem, BatchGetItem and Query on the
   * table itself, only in the directory's partitions, the credential records it re-checks and the
   * issuers' settings (DIRECTORY_READ_PARTITIONS); no Scan, no index, no keys, no status lists, no writes.
   */
  grantReadDirectory(grantee: IGrantable) {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'],
        resources: [this.table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': DIRECTORY_READ_PARTITIONS.map((p) => `${p}*`) } },
      }),
    );
    this.table.encryptionKey?.grantDecrypt(grantee);
  }

  /**
   * Read and write — but never the audit trail's items (events and their sealed details): only
   * its one writer writes them (grantWriteAudit), and every other function appends by invoking
   * it. Nor issuers' key records, unless `keys`: only the functions that create, rotate and
   * register keys write those (the partition is theirs: shared/entities/issuer-key.ts). IAM sees
   * partition keys, not condition expressions: "new events only" is the writer's code, and the
   * hash chain and its anchors detect the rest.
   */
  grantReadWrite(grantee: IGrantable, options: { keys?: boolean } = {}) {
    const grant = this.table.grantReadWriteData(grantee);
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        effect: Effect.DENY,
        actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'],
        resources: [this.table.tableArn],
        conditions: { 'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': options.keys ? AUDIT_PARTITIONS : [...AUDIT_PARTITIONS, `${ISSUER_KEY_PARTITION}*`] } },
      }),
    );
    return grant;
  }

  /**
   * The audit writer's: read and put in the audit partitions alone (the trail's last event, then
   * the next), never with the TTL attribute (DynamoDB would delete the item when that time came),
   * never an update or a delete of an event; delete only sealed details (a learner's erasure).
   */
  grantWriteAudit(grantee: IGrantable) {
    const inAudit = { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': AUDIT_PARTITIONS } };
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem'], resources: [this.table.tableArn], conditions: inAudit }),
    );
    // A learner's erasure deletes sealed details; an event is never deleted (its partition is not here).
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['dynamodb:DeleteItem'],
        resources: [this.table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['AUDITDETAIL#*'] } },
      }),
    );
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        effect: Effect.DENY,
        actions: ['dynamodb:PutItem'],
        resources: [this.table.tableArn],
        conditions: { 'ForAnyValue:StringEquals': { 'dynamodb:Attributes': [TABLE_KEYS.ttl] } },
      }),
    );
    this.table.encryptionKey?.grantEncryptDecrypt(grantee);
  }

  environment(): Record<string, string> {
    return { TABLE_NAME: this.table.tableName };
  }

  grant(grantee: IGrantable, access: Accesses['table']) {
    if (access === 'read') this.grantRead(grantee);
    else if (access === 'readPublished') this.grantReadPublished(grantee);
    else if (access === 'readDirectory') this.grantReadDirectory(grantee);
    else if (access === 'writeAudit') this.grantWriteAudit(grantee);
    else if (access === 'readWriteKeys') this.grantReadWrite(grantee, { keys: true });
    else this.grantReadWrite(grantee);
  }
}
