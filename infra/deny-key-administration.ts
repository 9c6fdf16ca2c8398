import type { IAspect } from 'aws-cdk-lib';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import type { IConstruct } from 'constructs';

/** Denied to every function's role (issue #17): taking a key out of service or rewriting who may use it. */
export const KEY_ADMIN_ACTIONS = ['kms:ScheduleKeyDeletion', 'kms:DisableKey', 'kms:PutKeyPolicy'] as const;

/**
 * Adds the deny to every Lambda function of the app (applied to it in infra/app.ts), Laurel's own and those CDK makes for its
 * custom resources alike, whatever else each is granted: the issuer's keys sign credentials
 * that must verify for as long as they live, so no function may end them.
 */
class DenyKeyAdministration implements IAspect {
  visit(node: IConstruct): void {
    if (node instanceof LambdaFunction && node.role) {
      node.role.addToPrincipalPolicy(new PolicyStatement({ effect: Effect.DENY, actions: [...KEY_ADMIN_ACTIONS], resources: ['*'] }));
    }
  }
}

export const denyKeyAdministration: IAspect = new DenyKeyAdministration();
