import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table } from 'aws-cdk-lib/aws-dynamodb';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { TABLE_KEYS } from '../../shared/entities/keys';

/** The one table (single-table design). Access patterns: see README and shared/entities. */
export class DataStore extends Construct {
  readonly table: Table;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.table = new Table(this, 'Table', {
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
  }

  grantRead(grantee: IGrantable) {
    return this.table.grantReadData(grantee);
  }

  grantReadWrite(grantee: IGrantable) {
    return this.table.grantReadWriteData(grantee);
  }

  environment(): Record<string, string> {
    return { TABLE_NAME: this.table.tableName };
  }
}
