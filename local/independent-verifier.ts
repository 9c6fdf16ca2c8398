import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { verifyCredential } from '@digitalbazaar/vc';
import { checkStatus } from '@digitalbazaar/vc-bitstring-status-list';
import { bundledDocumentLoader, isBundledContext } from '../shared/credentials/document-loader';

/**
 * `verified` is the proof (and the status list's proof); `revoked` is the status bit, which
 * @digitalbazaar/vc reports apart from `verified`, as a caller of that library sees it.
 *
 * Verifies a credential with Digital Bazaar's @digitalbazaar/vc and the eddsa-rdfc-2022
 * cryptosuite — code Laurel did not write — resolving keys and the issuer's controller document
 * over HTTP, as any verifier on the internet would. Contexts come from the bundled copies
 * (nothing here can reach w3.org), which are byte-for-byte the published ones.
 */
export async function verifyIndependently(credential: unknown, options: { timeoutMs?: number } = {}): Promise<{ verified: boolean; revoked?: boolean; error?: string }> {
  const documentLoader = async (url: string) => {
    if (isBundledContext(url)) return bundledDocumentLoader(url);
    const res = await fetch(url.split('#')[0]!, { headers: { accept: 'application/ld+json, application/json' }, signal: AbortSignal.timeout(options.timeoutMs ?? 5000) });
    if (!res.ok) throw new Error(`${url} answered ${res.status}`);
    return { contextUrl: null, documentUrl: url, document: await res.json() };
  };
  const result = await verifyCredential({
    credential,
    suite: new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 }),
    documentLoader,
    // Status as third parties check it: the list credential is fetched and its proof verified.
    checkStatus,
  });
  const errors = result.error as { errors?: Error[]; message?: string } | undefined;
  const status = (result as { statusResult?: { verified?: boolean; results?: { status?: boolean }[] } }).statusResult;
  const revoked = status?.results?.some((r) => r.status === true) ?? false;
  return {
    verified: result.verified,
    ...(status ? { revoked } : {}),
    ...(result.verified ? {} : { error: errors?.errors?.map((e) => e.message).join('; ') ?? errors?.message ?? (revoked ? 'revoked' : 'not verified') }),
  };
}
