/**
 * Stands in, in the Lambda bundles (LAMBDA_ALIASES, infra/constructs/laurel-function.ts), for
 * the credential providers the SDK's default chain loads for a profile, SSO, an external
 * process or a web identity token file (@aws-sdk/credential-provider-ini, -sso, -process and
 * -web-identity). Lambda hands a function its role's credentials in the environment, which the
 * chain reads first (fromEnv), so in Lambda none of these is ever reached. The real ones bring
 * the SDK's nested STS, SSO, SSO-OIDC and sign-in clients: 122 KB of every bundle, the minimal
 * handler's included, and about 15 ms of each import (npm run bench:cold-start).
 *
 * Should the environment ever lack credentials, each stand-in declines the way a provider
 * without its configuration does (CredentialsProviderError, tryNextLink), and the chain goes on
 * to the container and instance metadata providers, which stay. The local cloud runs the
 * sources, with the real chain. test/unit/bundle-stand-ins.test.ts checks that only the
 * default chain imports these, and that a bundled client takes the environment's credentials.
 */
class CredentialsProviderError extends Error {
  override readonly name = 'CredentialsProviderError';
  /** What the chain reads to go on to its next provider (the SDK's own error carries the same). */
  readonly tryNextLink = true;
}

const notBundled = (name: string) => (_init?: unknown) => async (): Promise<never> => {
  throw new CredentialsProviderError(`${name}: not bundled in Laurel's Lambda functions, which take their credentials from the environment`);
};

export const fromIni = notBundled('fromIni');
export const fromSSO = notBundled('fromSSO');
export const fromProcess = notBundled('fromProcess');
export const fromTokenFile = notBundled('fromTokenFile');
