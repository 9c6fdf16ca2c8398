/**
 * Stands in, in the Lambda bundles (LAMBDA_ALIASES, infra/constructs/laurel-function.ts), for
 * `brotli/decompress.js`, which fontkit imports to read WOFF2 fonts: 1.36 MB of the download
 * function's bundle. The certificate and the badges embed TrueType fonts only
 * (shared/certificate/fonts/), so fontkit never calls it; if a WOFF2 font were ever added, this
 * says so instead of failing somewhere inside fontkit. The local cloud runs the sources, with the
 * real package. test/unit/bundle-stand-ins.test.ts checks that only fontkit imports it.
 */
export default function decompress(): never {
  throw new Error('WOFF2 fonts are not supported in the Lambda bundles: ship TrueType fonts in shared/certificate/fonts/');
}
