import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Resource, Template } from './template';

/**
 * One template for the whole deployment, read from a synthesized cloud assembly: every top-level
 * stack (the stateful one, the stateless one, the edge), with each nested stack's resources
 * brought into its parent. What crossed a stack boundary is put back as the expression it stood
 * for: a nested stack's parameter becomes what the parent passed, `Fn::GetAtt [nested,
 * Outputs.X]` becomes the nested output's value, `Fn::ImportValue` the exported value. The
 * result reads like a single stack's template, so the local cloud and the template tests see the
 * deployment's resources and references whatever the stacks' layout.
 */
export function readDeploymentTemplate(outdir: string): DeploymentTemplate {
  const manifest = readJson<Manifest>(outdir, 'manifest.json');
  const stacks = Object.entries(manifest.artifacts).filter(([, a]) => a.type === 'aws:cloudformation:stack');
  const merged: DeploymentTemplate = { Resources: {}, Outputs: {}, stacks: {} };
  const exports = new Map<string, unknown>();
  const flattened = stacks.map(([name, artifact]) => {
    const template = readJson<RawTemplate>(outdir, artifact.properties!.templateFile!);
    const nestedFiles = nestedTemplateFiles(outdir, artifact);
    const { resources, outputs } = flatten(outdir, name, template, nestedFiles, merged.stacks);
    for (const output of Object.values(outputs)) if (typeof output.Export?.Name === 'string') exports.set(output.Export.Name, output.Value);
    return { name, template, resources, outputs };
  });
  for (const { name, template, resources, outputs } of flattened) {
    merged.stacks[name] = Object.keys(template.Resources).length;
    for (const [id, resource] of Object.entries(resources)) {
      if (merged.Resources[id]) throw new Error(`logical id ${id} is in two stacks (${name} and another): the local cloud reads them as one`);
      merged.Resources[id] = resource;
    }
    for (const [key, output] of Object.entries(outputs)) if (!output.Export) merged.Outputs![key] = { Value: output.Value };
  }
  return resolveImports(merged, exports);
}

export interface DeploymentTemplate extends Template {
  /** Resources per stack as CloudFormation counts them (a nested stack counts one in its parent), by stack name. */
  stacks: Record<string, number>;
}

interface Manifest {
  artifacts: Record<string, { type: string; properties?: { templateFile?: string; file?: string }; dependencies?: string[] }>;
}
interface RawTemplate {
  Resources: Record<string, Resource & { DependsOn?: unknown }>;
  Parameters?: Record<string, unknown>;
  Outputs?: Record<string, { Value: unknown; Export?: { Name?: unknown } }>;
}

const readJson = <T>(outdir: string, file: string) => JSON.parse(readFileSync(path.join(outdir, file), 'utf8')) as T;

/** Nested templates are file assets of their parent: asset hash (the TemplateURL's file name) → file. */
function nestedTemplateFiles(outdir: string, artifact: Manifest['artifacts'][string]): Map<string, string> {
  const files = new Map<string, string>();
  for (const dependency of artifact.dependencies ?? []) {
    if (!dependency.endsWith('.assets')) continue;
    const assets = readJson<{ files?: Record<string, { source: { path: string } }> }>(outdir, `${dependency.slice(0, -'.assets'.length)}.assets.json`);
    for (const [hash, file] of Object.entries(assets.files ?? {})) if (file.source.path.endsWith('.nested.template.json')) files.set(hash, file.source.path);
  }
  return files;
}

/**
 * A stack's resources with every nested stack's resources in place of the nested stack
 * (recursively), and its outputs, each nested stack's output they name put back.
 */
function flatten(outdir: string, name: string, template: RawTemplate, nestedFiles: Map<string, string>, counts: Record<string, number>): { resources: Record<string, Resource>; outputs: NonNullable<RawTemplate['Outputs']> } {
  const resources: Record<string, Resource> = {};
  const nestedOutputs = new Map<string, Record<string, unknown>>();
  for (const [id, resource] of Object.entries(template.Resources)) {
    if (resource.Type !== 'AWS::CloudFormation::Stack') {
      resources[id] = resource;
      continue;
    }
    const file = nestedFiles.get(templateHash(resource, id));
    if (!file) throw new Error(`nested stack ${id} of ${name}: no template file in the assembly`);
    const nested = readJson<RawTemplate>(outdir, file);
    const nestedName = file.replace(/\.nested\.template\.json$/, '');
    counts[nestedName] = Object.keys(nested.Resources).length;
    const parameters = (resource.Properties?.Parameters ?? {}) as Record<string, unknown>;
    const flat = flatten(outdir, nestedName, nested, nestedFiles, counts);
    const inner = substituteParameters(flat.resources, parameters);
    for (const [innerId, innerResource] of Object.entries(inner)) {
      if (resources[innerId] || template.Resources[innerId]) throw new Error(`logical id ${innerId} is in ${name} and its nested stack ${nestedName}`);
      resources[innerId] = innerResource;
    }
    nestedOutputs.set(id, Object.fromEntries(Object.entries(flat.outputs).map(([key, o]) => [key, substituteParameters({ o: o.Value }, parameters).o])));
  }
  return mapExpressions({ resources, outputs: template.Outputs ?? {} }, (node) => {
    const getAtt = node['Fn::GetAtt'];
    if (!Array.isArray(getAtt) || typeof getAtt[1] !== 'string' || !getAtt[1].startsWith('Outputs.')) return undefined;
    const outputs = nestedOutputs.get(getAtt[0] as string);
    const key = getAtt[1].slice('Outputs.'.length);
    if (!outputs || !(key in outputs)) throw new Error(`${name}: ${getAtt[0]}.${getAtt[1]} names no nested stack output`);
    return outputs[key];
  });
}

function templateHash(resource: Resource, id: string): string {
  const url = JSON.stringify(resource.Properties?.TemplateURL ?? '');
  const match = /([0-9a-f]{64})\.json/.exec(url);
  if (!match) throw new Error(`nested stack ${id}: its TemplateURL names no template asset`);
  return match[1]!;
}

/** A nested stack's `Ref` to one of its parameters becomes what the parent passed for it. */
function substituteParameters<T extends Record<string, unknown>>(resources: T, parameters: Record<string, unknown>): T {
  return mapExpressions(resources, (node) => {
    if (typeof node.Ref === 'string' && node.Ref in parameters) return parameters[node.Ref];
    const sub = node['Fn::Sub'];
    if (sub === undefined) return undefined;
    const [text, vars] = (typeof sub === 'string' ? [sub, {}] : sub) as [string, Record<string, unknown>];
    const passed = [...text.matchAll(/\$\{([^}.!]+)\}/g)].map((m) => m[1]!).filter((p) => p in parameters && !(p in vars));
    if (passed.length === 0) return undefined;
    return { 'Fn::Sub': [text, { ...substituteParameters({ ...vars }, parameters), ...Object.fromEntries(passed.map((p) => [p, parameters[p]])) }] };
  });
}

function resolveImports(template: DeploymentTemplate, exports: Map<string, unknown>): DeploymentTemplate {
  const resolveNode = (node: Record<string, unknown>) => {
    const name = node['Fn::ImportValue'];
    if (name === undefined) return undefined;
    if (typeof name !== 'string' || !exports.has(name)) throw new Error(`Fn::ImportValue ${JSON.stringify(name)}: no stack of the assembly exports it`);
    return exports.get(name);
  };
  return { ...template, Resources: mapExpressions(template.Resources, resolveNode), Outputs: mapExpressions(template.Outputs ?? {}, resolveNode) };
}

/** A deep copy in which `replace` may swap any object node (its result is not visited again). */
function mapExpressions<T>(value: T, replace: (node: Record<string, unknown>) => unknown): T {
  const visit = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(visit);
    if (v === null || typeof v !== 'object') return v;
    const replaced = replace(v as Record<string, unknown>);
    if (replaced !== undefined) return replaced;
    return Object.fromEntries(Object.entries(v).map(([k, inner]) => [k, visit(inner)]));
  };
  return visit(value) as T;
}
