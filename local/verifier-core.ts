import { verifyCredential } from '@digitalcredentials/verifier-core';
import { bundledDocumentLoader, isBundledContext } from '../shared/credentials/document-loader';
import schema from '../shared/credentials/schemas/ob_v3p0_achievementcredential_schema.json';
import { OB_CREDENTIAL_SCHEMA_ID } from '../shared/credentials/schema';

/**
 * The Digital Credentials Consortium's verifier (@digitalcredentials/verifier-core, the engine of
 * VerifierPlus and the Learner Credential Wallet). On the internet it fetches published contexts
 * and the OB schema itself; this machine has no internet, so exactly those static documents are
 * answered from the bundled, byte-identical copies. Every other URL — our keys, issuer profile
 * and status lists — goes over real HTTP to the local public API.
 */
const published = new Map<string, unknown>([[OB_CREDENTIAL_SCHEMA_ID, schema]]);

async function withPublishedDocuments<T>(run: () => Promise<T>, extra?: ReadonlyMap<string, unknown>): Promise<T> {
  const realFetch = globalThis.fetch;
  globalThis.fetch = (async (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const body = isBundledContext(url) ? (await bundledDocumentLoader(url)).document : (published.get(url) ?? extra?.get(url.split('#')[0]!));
    if (body !== undefined) return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/ld+json' } });
    return realFetch(input, init);
  }) as typeof fetch;
  try {
    return await run();
  } finally {
    globalThis.fetch = realFetch;
  }
}

export interface VerifierCoreResult {
  /** Each step verifier-core logs (valid_signature, revocation_status, expiration, …) → passed. */
  steps: Record<string, boolean>;
  errors: string[];
}

/**
 * `documents` (URL → JSON) answers those URLs from memory too: the benchmark uses it so that
 * both verifiers are measured on CPU, not on the network.
 */
export async function verifyWithVerifierCore(credential: unknown, documents?: ReadonlyMap<string, unknown>): Promise<VerifierCoreResult> {
  const result = (await withPublishedDocuments(() => verifyCredential({ credential: credential as never, knownDIDRegistries: [] }), documents)) as {
    log?: { id: string; valid: boolean }[];
    errors?: { name: string; message: string }[];
  };
  return {
    steps: Object.fromEntries((result.log ?? []).map((e) => [e.id, e.valid])),
    errors: (result.errors ?? []).map((e) => `${e.name}: ${e.message}`),
  };
}
