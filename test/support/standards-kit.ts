import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The standards fixtures (test/fixtures/standards, copied verbatim from the standards kit; their
 * origins are in ORIGIN.md there): signed third-party credentials and where their documents live.
 */
export const STANDARDS_FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/standards');
export const SIGNED_EXAMPLES = path.join(STANDARDS_FIXTURES, 'signed');
/** A standards fixture by its path under test/fixtures/standards (e.g. 'test-vectors/…'). */
export const standardsFixture = (file: string) => readFileSync(path.join(STANDARDS_FIXTURES, file), 'utf8');
export const kit = (file: string) => readFileSync(path.join(SIGNED_EXAMPLES, file), 'utf8');

export const DCC_STATUS_LIST_URL = 'https://raw.githubusercontent.com/digitalcredentials/verifier-core/refs/heads/main/src/test-fixtures/status/e5WK8CbZ1GjycuPombrj';

/** What other issuers serve at their https URLs, for the credentials 04–09 to verify. */
export const THIRD_PARTY_DOCUMENTS: Record<string, string> = {
  [DCC_STATUS_LIST_URL]: '08_dcc_bitstring_status_list_credential_e5WK8CbZ1GjycuPombrj.json',
  'https://digitalcredentials.github.io/dcc-did-web/multikey/did.json': '06_did-web_digitalcredentials.github.io_dcc-did-web_multikey_did.json',
  'https://badges.example.edu/issuers/uni-1': '09_generated_issuer-profile_controller-doc.json',
  'https://badges.example.edu/issuers/uni-1/keys/2025-01': '09_generated_key-doc_keys-2025-01.json',
};

/** A 1×1 PNG, the badge image a credential is baked into. */
export const ONE_PIXEL_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

/** Publishes the third-party documents on the local cloud's internet stand-in. */
export async function publishThirdPartyDocuments(internetUrl: string) {
  for (const [url, file] of Object.entries(THIRD_PARTY_DOCUMENTS)) {
    const res = await fetch(`${internetUrl}/__documents`, { method: 'PUT', body: JSON.stringify({ url, body: kit(file) }) });
    if (res.status !== 201) throw new Error(`could not publish ${url}: ${res.status}`);
  }
}
