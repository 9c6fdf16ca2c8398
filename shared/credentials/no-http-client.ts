/**
 * Stands in for @digitalbazaar/http-client in the Lambda bundles (the alias in LAMBDA_BUNDLING,
 * infra/constructs/laurel-function.ts). jsonld.js requires that package only for its default
 * Node document loader, which Laurel never uses: every jsonld call is given a document loader of
 * ours (shared/credentials/data-integrity.ts), and documents from elsewhere are fetched by
 * shared/http/outbound.ts. The real package brings undici, about 430 KB minified, into every
 * function that canonicalizes, parsed at each cold start and never called.
 */
export const httpClient = {
  get(url: string): never {
    throw new Error(`jsonld's own document loader is not bundled; pass a documentLoader (asked for ${url})`);
  },
};
