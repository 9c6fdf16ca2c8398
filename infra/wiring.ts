import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { isOptional, type Accesses, type Source, type Wiring } from '../shared/wiring/bindings';
import { LaurelFunction, type LaurelFunctionProps } from './constructs/laurel-function';

/**
 * A construct that provides variables of one source (shared/wiring/bindings.ts) and grants its
 * accesses: the table, the bucket, the keys, the state machines...
 */
export interface Provider<A extends string> {
  /** The values it provides, by variable name (TABLE_NAME, SIGNING_KEY_ARN, …). */
  environment(): Record<string, string>;
  grant(grantee: IGrantable, access: A): void;
}

/** What a construct can wire its functions to. The local cloud's variables are never provided. */
export type Providers = { [S in Exclude<Source, 'local'>]?: Provider<Accesses[S]> };

/** Deployment settings as a provider (values only: a setting grants nothing). Absent values are not provided. */
export function settingValues(values: Record<string, string | undefined>): Provider<never> {
  const defined = Object.fromEntries(Object.entries(values).filter((e): e is [string, string] => e[1] !== undefined));
  return {
    environment: () => defined,
    grant: (_grantee, access) => {
      throw new Error(`A setting grants nothing (asked for ${String(access)})`);
    },
  };
}

/**
 * Sets a function's environment and grants from its declaration: for each variable, the value its
 * source provides and the declared accesses on that source; then the grants no variable carries.
 * Throws, naming every one, when a required variable or a grant has no provider here: a
 * function that would fail at cold start fails synthesis instead. An optional variable whose
 * source has no value is left out (VC_JWT_KEY_ARN with the JWT format off).
 */
export function wire(fn: LaurelFunction, declaration: Wiring, providers: Providers): void {
  const missing: string[] = [];
  const grants = new Map<Provider<string>, Set<string>>();
  const use = (source: Source, access: readonly string[]) => {
    const provider = source === 'local' ? undefined : (providers[source] as Provider<string> | undefined);
    if (!provider || access.length === 0) return;
    const set = grants.get(provider) ?? new Set<string>();
    for (const a of access) set.add(a);
    grants.set(provider, set);
  };
  for (const [name, binding] of Object.entries(declaration.variables)) {
    const provider = binding.source === 'local' ? undefined : providers[binding.source];
    const value = provider?.environment()[name];
    if (value === undefined) {
      if (!isOptional(binding)) missing.push(`${name} (${binding.source}: ${provider ? `provides no ${name}` : 'not given to this construct'})`);
      continue;
    }
    fn.addEnvironment(name, value);
    use(binding.source, binding.access);
  }
  for (const g of declaration.grants) {
    if (g.source === 'local' || !providers[g.source]) missing.push(`a grant to ${g.access.join(', ')} on ${g.source} (not given to this construct)`);
    else use(g.source, g.access);
  }
  if (missing.length) {
    throw new Error(`${fn.node.path} (${declaration.entry}) declares what nothing provides: ${missing.join('; ')}. Give the construct the provider, or declare the variable optional.`);
  }
  for (const [provider, accesses] of grants) for (const access of accesses) provider.grant(fn, access);
}

/** The capabilities most function groups are given, under the props names the constructs share. */
export const capabilityProviders = (props: {
  data: Providers['table'];
  artifacts: Providers['bucket'];
  keys: Providers['signingKeys'];
  mail: Providers['mail'];
  events: Providers['eventBus'];
  auditLog: Providers['auditLog'];
  learnerKey: Providers['learnerKey'];
  archive: Providers['archive'];
}): Providers => ({
  table: props.data,
  bucket: props.artifacts,
  signingKeys: props.keys,
  mail: props.mail,
  eventBus: props.events,
  auditLog: props.auditLog,
  learnerKey: props.learnerKey,
  archive: props.archive,
});

/** A LaurelFunction for a declaration: its entry, environment and grants (props: memory, timeout). */
export function wiredFunction(scope: Construct, id: string, declaration: Wiring, providers: Providers, props: Omit<LaurelFunctionProps, 'entry'> = {}): LaurelFunction {
  const fn = new LaurelFunction(scope, id, { entry: declaration.entry, ...props });
  wire(fn, declaration, providers);
  return fn;
}
