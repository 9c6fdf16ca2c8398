/**
 * What every Lambda bundle is built with, beyond CDK's defaults: read by the CDK construct
 * (infra/constructs/laurel-function.ts, LAMBDA_BUNDLING) and by the local cloud, which bundles
 * the same sources the same way (local/function-bundles.ts). No CDK import here: the local
 * cloud's runtime reads it without loading the CDK.
 */

/**
 * Packages replaced in the bundles, each by a module of ours (paths from the project root, where
 * esbuild runs); each module says why, and test/unit/bundle-stand-ins.test.ts checks who imports
 * it. @digitalbazaar/http-client: jsonld.js's default document loader, never used, which brings
 * undici (shared/credentials/no-http-client.ts). semver: for the X-Ray SDK's v2 SDK patcher,
 * never called (shared/aws/semver-gte.ts). The credential providers for profiles, SSO, processes
 * and token files, which Lambda never reaches: its credentials are in the environment
 * (shared/aws/unused-credential-providers.ts). brotli: fontkit's WOFF2 decoder; our fonts are
 * TrueType (shared/certificate/no-woff2.ts).
 */
const unusedCredentialProviders = './shared/aws/unused-credential-providers.ts';
export const LAMBDA_ALIASES = {
  '@digitalbazaar/http-client': './shared/credentials/no-http-client.ts',
  semver: './shared/aws/semver-gte.ts',
  'lru-cache': './shared/credentials/lru-map.cjs',
  '@aws-sdk/credential-provider-ini': unusedCredentialProviders,
  '@aws-sdk/credential-provider-sso': unusedCredentialProviders,
  '@aws-sdk/credential-provider-process': unusedCredentialProviders,
  '@aws-sdk/credential-provider-web-identity': unusedCredentialProviders,
  'brotli/decompress.js': './shared/certificate/no-woff2.ts',
};

export const LAMBDA_TARGET = 'node22';

export const LAMBDA_MAIN_FIELDS = ['module', 'main'] as const;

/** Some dependencies still `require()` Node built-ins; give the ESM bundle a require. */
export const LAMBDA_BANNER = "import { createRequire as __laurelCreateRequire } from 'module'; const require = __laurelCreateRequire(import.meta.url);";
