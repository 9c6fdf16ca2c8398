import { Annotations, App, Aspects, CfnParameter, CfnRule, Fn, type Stack } from 'aws-cdk-lib';
import { readFileSync } from 'node:fs';
import { PROJECT_ROOT } from './constructs/laurel-function';
import { denyKeyAdministration } from './deny-key-administration';
import { EdgeStack } from './edge-stack';
import { LaurelDataStack } from './laurel-data-stack';
import { LaurelStack } from './laurel-stack';
import { checkWithNag } from './nag';
import { deploymentProblems, readSettings, type DeploymentProblems } from './settings';

/**
 * The CDK app. `buildApp` is shared by `cdk synth`/`deploy`, the template tests and the local
 * cloud, so all three see the same template. cdk-nag runs when asked (`cdk synth` and `deploy`
 * ask, and test/infra/nag.test.ts): the local cloud and the other tests skip its seconds.
 */
export function buildApp(options: { outdir?: string; context?: Record<string, unknown>; nag?: boolean } = {}) {
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
  const env = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION };
  const state = new LaurelDataStack(app, `${stackName}Data`, {
    settings,
    deploymentName: stackName,
    env,
    description: 'Laurel: the stateful resources (table, artifact bucket, signing keys, staff user pool, event bus), retained',
    terminationProtection: !settings.trialDeployment,
  });
  const stack = new LaurelStack(app, stackName, {
    settings,
    state,
    webAclParameterName,
    env,
    description: 'Laurel: verifiable micro-credentials (Open Badges 3.0): APIs, workflows and functions',
  });
  if (edge) stack.addStackDependency(edge, 'the distribution reads the web ACL ARN the edge stack publishes');
  // Every function of every stack, nested ones included, whatever it is granted.
  Aspects.of(app).add(denyKeyAdministration);
  // cdk-nag on every `cdk synth` and `cdk deploy`: an unacknowledged finding stops synthesis.
  const nag = options.nag ? checkWithNag(app) : undefined;
  guardDeployment([stack, state, ...(edge ? [edge] : [])], deploymentProblems(settings), settings.trialDeployment);
  return { app, stack, state, edge, stacks: [state, stack, ...(edge ? [edge] : [])], nag };
}

const HOW_TO_DEPLOY =
  'Set laurel:publicDomainName and laurel:publicCertificateArn (a domain the institution keeps; the certificate in us-east-1 with the CDN), ' +
  'your own laurel:senderEmail and laurel:institutionUrl; or set laurel:trialDeployment=true for a trial whose credentials may stop verifying. See the README, Deploy.';

/**
 * Settings that would not last (the sample's example.edu names, or credential URLs on a hostname
 * the stack generated) still synthesize: CI and the local cloud need the template. But each
 * stack then carries a CloudFormation rule that always fails, so CloudFormation refuses the
 * template when creating a change set, before it creates or changes anything, whatever deploys
 * it. The edge stack carries it too, as `cdk deploy --all` deploys that stack first. A trial
 * (laurel:trialDeployment) deploys, and every synthesis says what it will cost.
 */
function guardDeployment(stacks: Stack[], { problems, durableUrls }: DeploymentProblems, trial: boolean) {
  if (problems.length === 0) return;
  const [main] = stacks;
  if (trial) {
    Annotations.of(main!).addWarningV2(
      'laurel:trialDeployment',
      `laurel:trialDeployment is set: this stack deploys although ${problems.join('; ')}.` +
        (durableUrls ? '' : ' Credentials issued by this stack will stop verifying when it is deleted or replaced.'),
    );
    return;
  }
  for (const stack of stacks) {
    // Rules are written for parameters: one that can only be 'no' makes the assertion always false.
    const deployable = new CfnParameter(stack, 'LaurelDeployable', {
      type: 'String',
      default: 'no',
      allowedValues: ['no'],
      description: 'Set by synthesis: these settings are not deployable (see the rule LaurelRefusesDeployment)',
    });
    new CfnRule(stack, 'LaurelRefusesDeployment', {
      assertions: problems.map((problem) => ({
        assert: Fn.conditionEquals(deployable.valueAsString, 'yes'),
        assertDescription: `Laurel refuses this deployment: ${problem}. ${HOW_TO_DEPLOY}`,
      })),
    });
  }
  Annotations.of(main!).addWarningV2(
    'laurel:notDeployable',
    `This template synthesizes but is not deployable: CloudFormation will refuse it before creating anything (rule LaurelRefusesDeployment), because ${problems.join('; ')}. ${HOW_TO_DEPLOY}`,
  );
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  buildApp({ nag: true }).app.synth();
}
