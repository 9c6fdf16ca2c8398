/**
 * Staff who sign in with their institution's identity provider (SAML or OIDC, federated into
 * the user pool) get their Laurel roles from that provider's groups, by a mapping in the
 * deployment's settings (laurel:staffIdentityProviders). The user pool keeps the groups the
 * provider sent in one custom attribute, rewritten at every federated sign-in; the
 * pre-token-generation trigger (functions/staff/map-federated-groups.ts) turns them into the
 * token's `cognito:groups`, which is all the admin API reads (shared/http/auth.ts).
 *
 * A role taken away in the directory is gone at the next sign-in; a person who never signs in
 * through the provider gets nothing from it.
 */

/** The custom attribute (user pool attribute name) that holds the provider's groups. */
export const IDP_GROUPS_ATTRIBUTE = 'custom:idp_groups';
/** Cognito's limit on a custom attribute, and so on what we parse. */
export const IDP_GROUPS_MAX_LENGTH = 2048;

/** Per provider name: the provider's group → the Laurel roles and approval roles it grants. */
export type GroupMappings = Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;

/**
 * The groups in the attribute as Cognito stores them: an OIDC array claim as JSON
 * (`["a","b"]`), a multi-valued SAML attribute as `[a, b]`, a single value as itself. Group
 * names may hold commas (LDAP DNs such as `CN=Registry,OU=Staff`): Cognito's bracketed form
 * separates values by a comma and a space, so only that separates them there.
 */
export function parseIdpGroups(raw: string | undefined): string[] {
  const value = (raw ?? '').slice(0, IDP_GROUPS_MAX_LENGTH).trim();
  if (!value) return [];
  if (value.startsWith('[') && value.endsWith(']')) {
    const json = jsonStrings(value);
    if (json) return unique(json);
    return unique(value.slice(1, -1).split(', '));
  }
  return [value];
}

function jsonStrings(value: string): string[] | undefined {
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) && parsed.every((g) => typeof g === 'string') ? parsed : undefined;
  } catch {
    return undefined;
  }
}

const unique = (groups: string[]) => [...new Set(groups.map((g) => g.trim()).filter(Boolean))];

/**
 * The provider a federated user signed in with, from Cognito's `identities` attribute (which
 * only Cognito writes); undefined for the pool's own users.
 */
export function federatedProviderOf(identities: string | undefined): string | undefined {
  if (!identities) return undefined;
  try {
    const parsed: unknown = JSON.parse(identities);
    const first = Array.isArray(parsed) ? (parsed[0] as { providerName?: unknown } | undefined) : undefined;
    return typeof first?.providerName === 'string' ? first.providerName : undefined;
  } catch {
    return undefined;
  }
}

export interface TokenGroupsInput {
  /** The user's attributes as the trigger receives them. */
  userAttributes: Readonly<Record<string, string | undefined>>;
  /** The user pool groups the user is a member of (an administrator's own assignment). */
  poolGroups: readonly string[];
  /** The pool's id: Cognito puts each federated user in a group `<poolId>_<provider>` of its own. */
  userPoolId: string;
}

/**
 * The groups a token carries: the pool groups an administrator assigned (but the provider's
 * automatic one), and, for a federated
 * user, those the mapping grants for the groups their provider sent. The custom attribute of a
 * user who did not sign in through a mapped provider counts for nothing: only a federated
 * sign-in writes it for the provider named in `identities`.
 */
export function tokenGroups(mappings: GroupMappings, input: TokenGroupsInput): string[] {
  const provider = federatedProviderOf(input.userAttributes.identities);
  const mapping = provider === undefined ? undefined : mappings[provider];
  const granted = mapping ? parseIdpGroups(input.userAttributes[IDP_GROUPS_ATTRIBUTE]).flatMap((g) => (Object.hasOwn(mapping, g) ? [...(mapping[g] ?? [])] : [])) : [];
  // The provider's automatic group grants nothing and would only show in the console's header.
  const automatic = provider === undefined ? undefined : `${input.userPoolId}_${provider}`;
  return [...new Set([...input.poolGroups.filter((g) => g !== automatic), ...granted])].sort();
}
