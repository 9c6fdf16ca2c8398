import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';

export interface PublicFirewallProps {
  /** Requests per IP per five minutes, across the public API. */
  requestsPerIp?: number;
  /** POST /verify requests per IP per five minutes (each may fetch from other issuers). */
  verificationsPerIp?: number;
  /** Requests to the issuers' public directories per IP per five minutes (a list of people: scraping is the threat). */
  directoryRequestsPerIp?: number;
}

const visibility = (metricName: string) => ({ cloudWatchMetricsEnabled: true, metricName, sampledRequestsEnabled: true });
const tooMany = { block: { customResponse: { responseCode: 429, customResponseBodyKey: 'tooMany' } } };

/**
 * The WAF web ACL in front of the public CloudFront distribution. CloudFront only takes web ACLs
 * of CLOUDFRONT scope, which live in us-east-1: this construct belongs in the edge stack.
 * Rate-based rules answer 429 problem+json; AWS managed rules drop known-bad traffic.
 */
export class PublicFirewall extends Construct {
  readonly webAcl: CfnWebACL;

  constructor(scope: Construct, id: string, props: PublicFirewallProps = {}) {
    super(scope, id);
    const managed = (name: string, priority: number, overrides: string[] = []) => ({
      name,
      priority,
      overrideAction: { none: {} },
      statement: {
        managedRuleGroupStatement: {
          vendorName: 'AWS',
          name,
          // Counted, not blocked: POST /verify legitimately carries bodies (baked PNGs) past 8 KB.
          ...(overrides.length ? { ruleActionOverrides: overrides.map((rule) => ({ name: rule, actionToUse: { count: {} } })) } : {}),
        },
      },
      visibilityConfig: visibility(name),
    });
    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      description: 'Laurel public verification: rate limits per IP and AWS managed protections',
      customResponseBodies: {
        tooMany: {
          contentType: 'APPLICATION_JSON',
          content: JSON.stringify({ type: 'about:blank', title: 'Too many requests', status: 429, detail: 'Too many requests from this address; try again in a few minutes.' }),
        },
      },
      visibilityConfig: visibility('LaurelPublic'),
      rules: [
        {
          name: 'VerificationsPerIp',
          priority: 0,
          action: tooMany,
          statement: {
            rateBasedStatement: {
              limit: props.verificationsPerIp ?? 300,
              evaluationWindowSec: 300,
              aggregateKeyType: 'IP',
              scopeDownStatement: {
                andStatement: {
                  statements: [
                    { byteMatchStatement: { fieldToMatch: { uriPath: {} }, positionalConstraint: 'EXACTLY', searchString: '/verify', textTransformations: [{ priority: 0, type: 'NONE' }] } },
                    { byteMatchStatement: { fieldToMatch: { method: {} }, positionalConstraint: 'EXACTLY', searchString: 'POST', textTransformations: [{ priority: 0, type: 'NONE' }] } },
                  ],
                },
              },
            },
          },
          visibilityConfig: visibility('VerificationsPerIp'),
        },
        {
          // The directory lists people: a person searches a few times, a scraper pages through.
          name: 'DirectoryRequestsPerIp',
          priority: 5,
          action: tooMany,
          statement: {
            rateBasedStatement: {
              limit: props.directoryRequestsPerIp ?? 100,
              evaluationWindowSec: 300,
              aggregateKeyType: 'IP',
              scopeDownStatement: {
                byteMatchStatement: { fieldToMatch: { uriPath: {} }, positionalConstraint: 'STARTS_WITH', searchString: '/directory/', textTransformations: [{ priority: 0, type: 'NONE' }] },
              },
            },
          },
          visibilityConfig: visibility('DirectoryRequestsPerIp'),
        },
        {
          name: 'RequestsPerIp',
          priority: 1,
          action: tooMany,
          statement: { rateBasedStatement: { limit: props.requestsPerIp ?? 3000, evaluationWindowSec: 300, aggregateKeyType: 'IP' } },
          visibilityConfig: visibility('RequestsPerIp'),
        },
        managed('AWSManagedRulesAmazonIpReputationList', 2),
        managed('AWSManagedRulesKnownBadInputsRuleSet', 3),
        managed('AWSManagedRulesCommonRuleSet', 4, ['SizeRestrictions_BODY']),
      ],
    });
  }
}
