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
  // A synthesis takes about a second of CPU: tests of one file asking for the same settings share it.
  const key = JSON.stringify(context);
  let synthesized = cache.get(key);
  if (!synthesized) {
    const built = buildApp({ context: { 'aws:cdk:bundling-stacks': [], ...context } });
    const { stacks, ...template } = readDeploymentTemplate(built.app.synth().directory);
    synthesized = { ...built, template: Template.fromJSON(template), resourcesPerStack: stacks };
    cache.set(key, synthesized);
  }
  return synthesized;
}

const cache = new Map<string, ReturnType<typeof buildApp> & { template: Template; resourcesPerStack: Record<string, number> }>();
