import { App } from 'aws-cdk-lib';
import { readFileSync } from 'node:fs';
import { PROJECT_ROOT } from './constructs/laurel-function';
import { EdgeStack } from './edge-stack';
import { LaurelStack } from './laurel-stack';
import { readSettings } from './settings';

/**
 * The CDK app. `buildApp` is shared by `cdk synth`/`deploy`, the template tests and the local
 * cloud, so all three see the same template.
 */
export function buildApp(options: { outdir?: string; context?: Record<string, unknown> } = {}) {
  // The CLI passes cdk.json's context itself; in-process callers (tests, local cloud) read it here.
  const cdkJson = JSON.parse(readFileSync(`${PROJECT_ROOT}/cdk.json`, 'utf8')) as { context?: Record<string, unknown> };
  const app = new App({
    ...(options.outdir ? { outdir: options.outdir } : {}),
    context: { ...cdkJson.context, ...options.context },
  });
  const stackName: string = app.node.tryGetContext('laurel:stackName') ?? 'Laurel';
  const settings = readSettings(app.node);
  const webAclParameterName = `/laurel/${stackName}/public-web-acl-arn`;
  // CloudFront's web ACL must live in us-east-1: unless one is given, an edge stack there holds ours.
  const edge =
    settings.cdn && !settings.webAclArn
      ? new EdgeStack(app, `${stackName}Edge`, {
          parameterName: webAclParameterName,
          env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: 'us-east-1' },
          description: 'Laurel: the public web ACL (CloudFront needs it in us-east-1)',
        })
      : undefined;
  const stack = new LaurelStack(app, stackName, {
    settings,
    webAclParameterName,
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
    description: 'Laurel: verifiable micro-credentials (Open Badges 3.0)',
  });
  if (edge) stack.addStackDependency(edge, 'the distribution reads the web ACL ARN the edge stack publishes');
  return { app, stack, edge };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  buildApp().app.synth();
}
