import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as digitalBazaarVc from '@digitalbazaar/vc';
import * as lcwVc from '@digitalcredentials/vc';
import { Ed25519Signature2020 } from '@digitalcredentials/ed25519-signature-2020';
import { Ed25519VerificationKey2020 } from '@digitalcredentials/ed25519-verification-key-2020';
import { driver as didKeyDriver } from '@digitalcredentials/did-method-key';
import { bundledDocumentLoader, isBundledContext } from '../shared/credentials/document-loader';

/**
 * A wallet played with code Laurel did not write: the Learner Credential Wallet's signing stack
 * (@digitalcredentials/*: a did:key minted as app/lib/did.ts does, a DIDAuth presentation signed
 * with Ed25519Signature2020 as app/lib/composeVp.ts does), and Digital Bazaar's eddsa-rdfc-2022
 * suite. Their document loaders serve copies of the bundled contexts and nothing else.
 */
export const contextsOnly = async (url: string) => {
  if (!isBundledContext(url)) throw new Error(`${url}: only bundled contexts are served to the wallet`);
  const { document } = await bundledDocumentLoader(url);
  return { contextUrl: null, documentUrl: url, document: structuredClone(document) };
};

// @digitalbazaar/vc is typed in local/modules.d.ts for verifyCredential only.
const dbVc = digitalBazaarVc as unknown as {
  createPresentation(options: { holder?: string; verifiableCredential?: unknown }): Record<string, unknown>;
  signPresentation(options: { presentation: unknown; suite: unknown; documentLoader: unknown; challenge: string; domain?: string; purpose?: unknown }): Promise<Record<string, unknown>>;
};

/** A fresh did:key as the LCW mints one. */
export async function lcwDid(seed?: Uint8Array) {
  const keys = didKeyDriver();
  keys.use({ multibaseMultikeyHeader: 'z6Mk', fromMultibase: (o) => Ed25519VerificationKey2020.from(o) });
  const key = await Ed25519VerificationKey2020.generate(seed ? { seed } : {});
  const { didDocument } = await keys.fromKeyPair({ verificationKeyPair: key });
  const auth = didDocument.authentication[0]!;
  key.id = typeof auth === 'string' ? auth : auth.id;
  key.controller = didDocument.id;
  return { did: didDocument.id, key };
}
export type LcwDid = Awaited<ReturnType<typeof lcwDid>>;

/** The LCW's DIDAuth presentation: createPresentation({holder}), then Ed25519Signature2020. */
export async function lcwPresentation(options: { signer: LcwDid; holder?: string; challenge: string; domain?: string; date?: string }) {
  const presentation = lcwVc.createPresentation({ holder: options.holder ?? options.signer.did });
  return lcwVc.signPresentation({
    presentation,
    suite: new Ed25519Signature2020({ key: options.signer.key, ...(options.date ? { date: options.date } : {}) }),
    documentLoader: contextsOnly,
    challenge: options.challenge,
    ...(options.domain === undefined ? {} : { domain: options.domain }),
  });
}

/** A holder key for Digital Bazaar's eddsa-rdfc-2022 suite: a did:key made from its Multikey. */
export async function multikeyDid() {
  const key = await Ed25519Multikey.generate();
  const did = `did:key:${key.publicKeyMultibase}`;
  key.id = `${did}#${key.publicKeyMultibase}`;
  key.controller = did;
  return { did, key };
}
export type MultikeyDid = Awaited<ReturnType<typeof multikeyDid>>;

export async function eddsaPresentation(options: { signer: MultikeyDid; holder?: string; challenge: string; domain?: string; date?: string; purpose?: unknown; verifiableCredential?: unknown[] }) {
  const presentation = dbVc.createPresentation({
    holder: options.holder ?? options.signer.did,
    ...(options.verifiableCredential ? { verifiableCredential: options.verifiableCredential } : {}),
  });
  return dbVc.signPresentation({
    presentation,
    suite: new DataIntegrityProof({ signer: options.signer.key.signer(), cryptosuite: eddsaRdfc2022, ...(options.date ? { date: options.date } : {}) }),
    documentLoader: contextsOnly,
    challenge: options.challenge,
    ...(options.domain === undefined ? {} : { domain: options.domain }),
    ...(options.purpose ? { purpose: options.purpose } : {}),
  });
}
