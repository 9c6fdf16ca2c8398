import { Stack, type StackProps } from 'aws-cdk-lib';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import type { Construct } from 'constructs';
import { PublicFirewall } from './constructs/public-firewall';

export interface EdgeStackProps extends StackProps {
  /** Where the web ACL's ARN is published for the main stack (which reads it across regions). */
  parameterName: string;
}

/**
 * What CloudFront needs from us-east-1: the WAF web ACL (CLOUDFRONT scope exists only there).
 * Its ARN is published as an SSM parameter the main stack reads from its own region, so the main
 * stack can live in any region. `cdk deploy --all` deploys this stack first.
 */
export class EdgeStack extends Stack {
  constructor(scope: Construct, id: string, props: EdgeStackProps) {
    super(scope, id, props);
    const firewall = new PublicFirewall(this, 'Firewall');
    new StringParameter(this, 'WebAclArn', { parameterName: props.parameterName, stringValue: firewall.webAcl.attrArn, description: 'Laurel public web ACL (read by the main stack)' });
  }
}
