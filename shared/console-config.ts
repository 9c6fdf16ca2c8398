/**
 * The staff console's runtime settings, `/config.json` beside its files: written at deploy time
 * by the CDK app (infra/constructs/staff-console.ts), served by the local cloud
 * (local/console-server.ts) and checked by the console at start (console/src/config.ts). One
 * declaration, so a field added for the console is one each writer must supply.
 */
export interface ConsoleConfig {
  /** The admin API's base URL, without a trailing slash. */
  apiUrl: string;
  /** The user pool's app client (public, PKCE). */
  clientId: string;
  /** The sign-in domain: Cognito's hosted UI, or the local identity provider. */
  signInUrl: string;
  /** The verification pages' base URL (public links to credentials). */
  publicBaseUrl: string;
  institutionName: string;
  brandColor: string;
}

/** Every field, each a non-empty string: what the console checks at start. */
export const CONSOLE_CONFIG_KEYS = ['apiUrl', 'clientId', 'signInUrl', 'publicBaseUrl', 'institutionName', 'brandColor'] as const satisfies readonly (keyof ConsoleConfig)[];
