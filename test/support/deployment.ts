import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../infra/app';
import { readDeploymentTemplate } from '../../local/deployment-template';

/**
 * Synthesizes the app (without bundling: these tests are about templates) and reads the whole
 * deployment as one template, every stack and nested stack in it, as the local cloud reads it:
 * assertions about a function's grants hold wherever its stack is. `stacks` counts resources per
 * stack as CloudFormation does.
 */
export function synthDeployment(context: Record<string, unknown> = {}) {
  const built = buildApp({ context: { 'aws:cdk:bundling-stacks': [], ...context } });
  const { stacks, ...template } = readDeploymentTemplate(built.app.synth().directory);
  return { ...built, template: Template.fromJSON(template), resourcesPerStack: stacks };
}
