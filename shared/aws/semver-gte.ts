/**
 * Stands in for the `semver` package in the Lambda bundles (LAMBDA_ALIASES,
 * infra/constructs/laurel-function.ts). Its one user there is the X-Ray SDK's patcher for the
 * AWS SDK v2 (aws-xray-sdk-core/dist/lib/patchers/aws_p.js), which calls `semver.gte(AWS.VERSION,
 * '2.7.15')` in captureAWS — never called: Laurel uses the v3 SDK, captured by aws3_p.js. The
 * real package is 31 KB of every function's bundle. test/unit/bundle-stand-ins.test.ts checks
 * that nothing else in a bundle imports it, and compares this with semver's own `gte`.
 */

const VERSION = /^[=v\s]*(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

function parse(version: string): { core: number[]; pre: string[] } {
  const m = VERSION.exec(String(version).trim());
  if (!m) throw new TypeError(`Invalid Version: ${version}`);
  return { core: [Number(m[1]), Number(m[2]), Number(m[3])], pre: m[4] ? m[4].split('.') : [] };
}

/** Semantic Versioning 2.0.0 precedence: -1, 0 or 1 (build metadata ignored). */
function compare(a: string, b: string): number {
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < 3; i++) if (x.core[i] !== y.core[i]) return x.core[i]! < y.core[i]! ? -1 : 1;
  // A pre-release sorts before its release; otherwise identifier by identifier.
  if (!x.pre.length || !y.pre.length) return x.pre.length === y.pre.length ? 0 : x.pre.length ? -1 : 1;
  for (let i = 0; i < Math.max(x.pre.length, y.pre.length); i++) {
    const p = x.pre[i];
    const q = y.pre[i];
    if (p === undefined || q === undefined) return p === undefined ? -1 : 1;
    if (p === q) continue;
    const pn = /^\d+$/.test(p);
    const qn = /^\d+$/.test(q);
    if (pn && qn) return Number(p) < Number(q) ? -1 : 1;
    if (pn !== qn) return pn ? -1 : 1;
    return p < q ? -1 : 1;
  }
  return 0;
}

export const gte = (a: string, b: string): boolean => compare(a, b) >= 0;
