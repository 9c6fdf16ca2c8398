import { bundledDocumentLoader } from '../../shared/credentials/document-loader';
import { createPrivateKey, sign as edSign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { addProof, hashForProof, type Signer } from '../../shared/credentials/data-integrity';
import { multikeyFromRaw } from '../../shared/credentials/multikey';
import { standardsFixture as read } from '../support/standards-kit';

const vector = JSON.parse(read('signed/03_1edtech_testvector_eddsa-rdfc-2022_signed.json'));
const key = JSON.parse(read('signed/03_1edtech_testvector_key.json'));

/** The published test key as a Signer: PKCS#8 DER prefix + 32-byte seed. */
function testKeySigner(): Signer {
  const seed = Buffer.from(key.privateKeyHex_seed_plus_pub.slice(0, 64), 'hex');
  const privateKey = createPrivateKey({
    key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]),
    format: 'der',
    type: 'pkcs8',
  });
  return {
    verificationMethod: vector.proof[0]?.verificationMethod ?? vector.proof.verificationMethod,
    sign: async (message) => edSign(null, message, privateKey),
  };
}

describe('eddsa-rdfc-2022 signer against the 1EdTech test vector', () => {
  const proof = Array.isArray(vector.proof) ? vector.proof[0] : vector.proof;
  const { proof: _p, ...unsigned } = vector;

  it('derives the published public key from the test seed', () => {
    expect(multikeyFromRaw(Buffer.from(key.publicKeyHex, 'hex'))).toBe(key.publicKeyMultibase);
  });

  it('reproduces the canonical forms and hashes', async () => {
    const { proofValue: _v, ...config } = proof;
    const hashed = await hashForProof(unsigned, config, bundledDocumentLoader);
    expect(hashed.canonicalDocument).toBe(read('test-vectors/1edtech_obv3p0_document-canon.txt'));
    expect(hashed.canonicalProofConfig).toBe(read('test-vectors/1edtech_obv3p0_proof-canon.txt'));
    expect(Buffer.from(hashed.message).toString('hex')).toBe(key.expected.dataToSignHex);
  });

  it('reproduces the signature exactly', async () => {
    const signed = await addProof(unsigned, testKeySigner(), { created: proof.created, documentLoader: bundledDocumentLoader });
    expect(signed.proof).toHaveLength(1);
    expect(signed.proof[0]?.proofValue).toBe(key.expected.proofValue);
    expect(signed.proof[0]?.proofValue).toBe(proof.proofValue);
  });
});

describe('the jsonld.js context-clone performance patch', () => {
  it('produces byte-identical canonical N-Quads with and without it', async () => {
    const { setFastContextCloning } = await import('../../shared/credentials/jsonld-performance');
    const { canonize } = await import('../../shared/credentials/data-integrity');
    const complete = JSON.parse(read('spec/02_spec_complete_openbadgecredential_unsigned.json'));
    const { proof: _p, ...signedDoc } = vector;
    const documents = [complete, signedDoc, JSON.parse(read('signed/09_generated_https-issuer_eddsa_hashed-email_signed.json'))];
    try {
      for (const doc of documents) {
        setFastContextCloning(false);
        const slow = await canonize(doc, bundledDocumentLoader);
        setFastContextCloning(true);
        const fast = await canonize(doc, bundledDocumentLoader);
        expect(fast).toBe(slow);
        expect(fast.split('\n').length).toBeGreaterThan(10);
      }
    } finally {
      setFastContextCloning(true);
    }
  });
});
