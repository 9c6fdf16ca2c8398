/**
 * Reads the synthesized CloudFormation template and resolves the intrinsic functions the
 * Laurel template uses, with the physical names and URLs of the local stand-ins.
 */
export const LOCAL_REGION = 'us-east-1';
export const LOCAL_ACCOUNT = '000000000000';

export interface Resource {
  Type: string;
  Properties?: Record<string, any>;
  Metadata?: Record<string, any>;
}
export interface Template {
  Resources: Record<string, Resource>;
  Outputs?: Record<string, { Value: unknown }>;
}

/** What a Ref or GetAtt of a resource means locally; stand-ins fill in what they create. */
export interface LocalNames {
  ref(logicalId: string): string | undefined;
  getAtt(logicalId: string, attribute: string): string | undefined;
}

const PSEUDO: Record<string, string> = {
  'AWS::Region': LOCAL_REGION,
  'AWS::AccountId': LOCAL_ACCOUNT,
  'AWS::Partition': 'aws',
  'AWS::URLSuffix': 'amazonaws.com',
  'AWS::StackName': 'Laurel',
  'AWS::NoValue': '',
};

export function resolve(value: unknown, names: LocalNames): any {
  if (Array.isArray(value)) return value.map((v) => resolve(v, names));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value);
  if (entries.length === 1) {
    const [fn, arg] = entries[0]!;
    switch (fn) {
      case 'Ref': {
        const id = arg as string;
        const v = PSEUDO[id] ?? names.ref(id);
        if (v === undefined) throw new Error(`local cloud cannot resolve Ref ${id}`);
        return v;
      }
      case 'Fn::GetAtt': {
        const [id, attr] = (typeof arg === 'string' ? arg.split('.') : arg) as [string, string];
        const v = names.getAtt(id, attr);
        if (v === undefined) throw new Error(`local cloud cannot resolve Fn::GetAtt ${id}.${attr}`);
        return v;
      }
      case 'Fn::Join': {
        const [sep, parts] = arg as [string, unknown[]];
        return resolve(parts, names).join(sep);
      }
      case 'Fn::Select': {
        const [index, list] = arg as [number, unknown];
        return resolve(list, names)[index];
      }
      case 'Fn::Split': {
        const [sep, text] = arg as [string, unknown];
        return String(resolve(text, names)).split(sep);
      }
      case 'Fn::Sub': {
        const [text, vars] = (typeof arg === 'string' ? [arg, {}] : arg) as [string, Record<string, unknown>];
        return text.replace(/\$\{([^}]+)\}/g, (_, name: string) => {
          if (name in vars) return resolve(vars[name], names);
          if (name.includes('.')) {
            const [id, attr] = name.split('.') as [string, string];
            return resolve({ 'Fn::GetAtt': [id, attr] }, names);
          }
          return resolve({ Ref: name }, names);
        });
      }
    }
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, resolve(v, names)]));
}

export const resourcesOfType = (template: Template, type: string) =>
  Object.entries(template.Resources).filter(([, r]) => r.Type === type);
