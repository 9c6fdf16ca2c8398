import { ASSETS_METADATA, ENTRY_METADATA, STATE_MACHINE_METADATA, STATE_MACHINE_ROLES, type StateMachineRole } from '../infra/template-metadata';
import { readDeploymentTemplate } from './deployment-template';
import { resourcesOfType, type Resource, type Template } from './template';

/**
 * The local cloud's first step: synthesize the CDK app and find in the template what the local
 * cloud runs. Ours is told from CDK's by metadata the constructs write (infra/template-metadata.ts),
 * never by logical id or template order, which change whenever a construct is added or renamed.
 */

export const STACK = 'Laurel';

/** One of our functions: its logical id, the source file it runs, and its resource. */
export interface TemplateFunction {
  id: string;
  entry: string;
  /** Files it reads at run time, copied beside its bundle. */
  assets: { from: string; to: string }[];
  resource: Resource;
}

export interface LocalTemplate {
  template: Template;
  /** Resources of one type, as [logical id, resource]. */
  ofType(type: string): [string, Resource][];
  /** Our functions; CDK's helper functions (custom resources, log retention) are left out. */
  functions: TemplateFunction[];
  /** Our state machines' logical ids, by the workflow each runs. */
  stateMachines: Record<StateMachineRole, string>;
  /** The HTTP APIs' logical ids: those whose endpoints the stack outputs as its API URLs. */
  apis: { public: string; admin: string };
}

export async function readTemplate(outdir: string, context: Record<string, unknown> = {}): Promise<LocalTemplate> {
  const template = await synthesize(outdir, context);
  return {
    template,
    ofType: (type) => resourcesOfType(template, type),
    functions: ourFunctions(template),
    stateMachines: stateMachinesByRole(template),
    apis: { public: outputApiId(template, 'PublicApiUrl'), admin: outputApiId(template, 'AdminApiUrl') },
  };
}

/** Synthesizes the CDK app without CDK's bundling: the local cloud bundles the sources itself (local/function-bundles.ts). */
async function synthesize(outdir: string, context: Record<string, unknown>): Promise<Template> {
  // Imported here, not at the top: only starting a cloud needs the CDK.
  const { buildApp } = await import('../infra/app');
  // No CDN here: the public API answers directly, under its own URL (see the README); nor console
  // hosting: the local cloud serves the console itself (local/console-server.ts).
  const { app } = buildApp({ outdir, context: { ...context, 'laurel:cdn': false, 'laurel:console': false, 'aws:cdk:bundling-stacks': [] } });
  app.synth();
  // Every stack the app synthesizes, nested ones included, read as one.
  return readDeploymentTemplate(outdir);
}

function ourFunctions(template: Template): TemplateFunction[] {
  return resourcesOfType(template, 'AWS::Lambda::Function').flatMap(([id, resource]) => {
    const entry = resource.Metadata?.[ENTRY_METADATA] as string | undefined;
    const assets = (resource.Metadata?.[ASSETS_METADATA] as { from: string; to: string }[] | undefined) ?? [];
    return entry ? [{ id, entry, assets, resource }] : [];
  });
}

function stateMachinesByRole(template: Template): Record<StateMachineRole, string> {
  const found = new Map<StateMachineRole, string>();
  for (const [id, resource] of resourcesOfType(template, 'AWS::StepFunctions::StateMachine')) {
    const role = resource.Metadata?.[STATE_MACHINE_METADATA] as StateMachineRole | undefined;
    if (role === undefined) continue; // one CDK made for itself, not one of our workflows
    if (!STATE_MACHINE_ROLES.includes(role)) throw new Error(`state machine ${id}: unknown ${STATE_MACHINE_METADATA} '${role}'`);
    if (found.has(role)) throw new Error(`state machines ${found.get(role)} and ${id} are both marked '${role}'`);
    found.set(role, id);
  }
  const byRole = Object.fromEntries(found) as Partial<Record<StateMachineRole, string>>;
  const missing = STATE_MACHINE_ROLES.filter((role) => byRole[role] === undefined);
  if (missing.length) throw new Error(`the template has no state machine marked ${missing.map((r) => `'${r}'`).join(', ')}`);
  return byRole as Record<StateMachineRole, string>;
}

function outputApiId(template: Template, output: string): string {
  const value = template.Outputs?.[output]?.Value as { 'Fn::GetAtt'?: [string, string] } | undefined;
  const id = value?.['Fn::GetAtt']?.[0];
  if (!id) throw new Error(`the template has no ${output} output naming an API`);
  return id;
}
