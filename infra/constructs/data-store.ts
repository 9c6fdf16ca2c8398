import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Effect, PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { PUBLISHED_PARTITIONS, TABLE_KEYS } from '../../shared/entities/keys';
import type { Accesses } from '../../shared/wiring/bindings';
import type { Provider } from '../wiring';

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
   * Read and write — but never update or delete an audit event, nor write one with the TTL
   * attribute (DynamoDB would delete it when that time came): the trail is append-only for every
   * function, whatever else it may do (the hash chain detects what IAM cannot prevent).
   */
  grantReadWrite(grantee: IGrantable) {
    const grant = this.table.grantReadWriteData(grantee);
    const auditEvents = { 'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': ['AUDIT#*'] } };
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        effect: Effect.DENY,
        actions: ['dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'],
        resources: [this.table.tableArn],
        conditions: auditEvents,
      }),
    );
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        effect: Effect.DENY,
        actions: ['dynamodb:PutItem'],
        resources: [this.table.tableArn],
        conditions: { ...auditEvents, 'ForAnyValue:StringEquals': { 'dynamodb:Attributes': [TABLE_KEYS.ttl] } },
      }),
    );
    return grant;
  }

  environment(): Record<string, string> {
    return { TABLE_NAME: this.table.tableName };
  }

  grant(grantee: IGrantable, access: Accesses['table']) {
    if (access === 'read') this.grantRead(grantee);
    else if (access === 'readPublished') this.grantReadPublished(grantee);
    else this.grantReadWrite(grantee);
  }
}
