import { bundledDocumentLoader, statusListDocumentLoader } from '../../shared/credentials/document-loader';
/**
 * npm run bench:credentials — CPU milliseconds per credential to build + sign (the KMS round trip
 * excluded: the signer is a local Ed25519 key) and to verify (keys, profile and status list from
 * memory), and Laurel's verification against @digitalcredentials/verifier-core on the same
 * credentials in the same run. A benchmark, not a test: figures go in notes, not assertions.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { dataLiteracyAchievement, sampleAward } from '../../local/sample-data';
import { verifyWithVerifierCore } from '../../local/verifier-core';
import { createAchievementBody, requestIssuanceBody } from '../../shared/api/schemas';
import { addProof, type Signer } from '../../shared/credentials/data-integrity';
import { multikeyFromSpki } from '../../shared/credentials/multikey';
import { buildOpenBadgeCredential } from '../../shared/credentials/open-badge';
import { openBadgeSchemaErrors } from '../../shared/credentials/schema';
import { emptyList, statusEntry, statusListCredential } from '../../shared/credentials/status-list';
import { laurelSuspensionLists, verifyCredential, type KeyResolver } from '../../shared/credentials/verify';

const args = new Map(process.argv.slice(2).map((a, i, all) => [a, all[i + 1]]));
const N = Number(args.get('--n') ?? 300);
const BASE = 'https://badges.example.edu/';
const ISSUER = `${BASE}issuers/main`;
const KEY = `${ISSUER}/keys/k-1`;
const LIST = `${BASE}status/main/revocation/0`;

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const signer: Signer = { verificationMethod: KEY, sign: async (m) => sign(null, m, privateKey) };
const keyDoc = { '@context': 'https://w3id.org/security/multikey/v1', id: KEY, type: 'Multikey', controller: ISSUER, publicKeyMultibase: multikeyFromSpki(publicKey.export({ format: 'der', type: 'spki' })) };
const profile = {
  '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json', 'https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
  id: ISSUER,
  type: ['Profile'],
  name: 'Example University',
  url: 'https://www.example.edu',
  verificationMethod: [{ id: KEY, type: 'Multikey', controller: ISSUER, publicKeyMultibase: keyDoc.publicKeyMultibase }],
  assertionMethod: [KEY],
};
const created = '2026-11-01T00:00:00Z';
const documents = new Map<string, unknown>([
  [KEY, keyDoc],
  [ISSUER, profile],
  [LIST, await addProof(statusListCredential({ url: LIST, issuer: ISSUER, purpose: 'revocation', bits: emptyList(), validFrom: created }), signer, { created, documentLoader: statusListDocumentLoader })],
  [`${BASE}status/main/suspension/0`, await addProof(statusListCredential({ url: `${BASE}status/main/suspension/0`, issuer: ISSUER, purpose: 'suspension', bits: emptyList(), validFrom: created }), signer, { created, documentLoader: statusListDocumentLoader })],
]);
const resolver: KeyResolver = {
  resolveKey: async (url) => documents.get(url) as never,
  resolveAssertionMethods: async () => profile.assertionMethod,
  resolveStatusList: async (url) => documents.get(url),
};

const achievement = createAchievementBody.parse(dataLiteracyAchievement);
const { recipient, achievementId: _a, ...award } = requestIssuanceBody.parse(sampleAward());

async function buildAndSign(i: number) {
  const unsigned = buildOpenBadgeCredential({
    id: `${BASE}credentials/c-${i}`,
    issuer: { id: ISSUER, name: 'Example University', url: 'https://www.example.edu' },
    achievement: { ...achievement, id: `${BASE}achievements/data-literacy` },
    recipient: { ...recipient, salt: `salt-${i}` },
    validFrom: created,
    validUntil: '2029-11-01T00:00:00Z',
    awardedDate: created,
    credentialStatus: statusEntry(LIST, 'revocation', i),
    ...award,
  });
  const credential = await addProof(unsigned, signer, { created, documentLoader: bundledDocumentLoader });
  if (openBadgeSchemaErrors(credential).length) throw new Error('schema');
  return credential;
}

/** CPU ms (user + system) per call, over `n` sequential calls, after `warm` unmeasured ones. */
async function cpuPerCall(n: number, warm: number, fn: (i: number) => Promise<unknown>) {
  for (let i = 0; i < warm; i++) await fn(i);
  const start = process.cpuUsage();
  const wall = performance.now();
  for (let i = 0; i < n; i++) await fn(i);
  const used = process.cpuUsage(start);
  return { cpuMs: (used.user + used.system) / 1000 / n, wallMs: (performance.now() - wall) / n };
}

const credentials = await Promise.all(Array.from({ length: N }, (_, i) => buildAndSign(i)));
const sizeBytes = Buffer.byteLength(JSON.stringify(credentials[0]));
const build = await cpuPerCall(N, 20, buildAndSign);
const suspensionListFor = laurelSuspensionLists(BASE);
const ours = await cpuPerCall(N, 20, async (i) => {
  const r = await verifyCredential(credentials[i % N], { resolver, suspensionListFor, now: new Date('2027-01-01T00:00:00Z') });
  if (r.status !== 'valid') throw new Error(`not valid: ${JSON.stringify(r.checks.filter((c) => !c.passed))}`);
});
const coreN = Math.min(N, 100);
const core = await cpuPerCall(coreN, 5, async (i) => {
  const r = await verifyWithVerifierCore(credentials[i % N], documents);
  if (!r.steps.valid_signature || !r.steps.revocation_status) throw new Error(`verifier-core did not verify: ${JSON.stringify(r)}`);
});

const fmt = (x: number) => x.toFixed(2);
console.log(`Realistic credential: ${sizeBytes} bytes (2 alignments, result description + result, evidence, 3 hashed identifiers, status entry)`);
console.log(`runs: ${N} (verifier-core: ${coreN}), Node ${process.version}, ${new Date().toISOString()}`);
console.log('');
console.log('                                   CPU ms/credential   wall ms/credential   target');
console.log(`build + sign (no KMS round trip)   ${fmt(build.cpuMs).padStart(17)}   ${fmt(build.wallMs).padStart(18)}   <= 5`);
console.log(`verify (Laurel, incl. status)      ${fmt(ours.cpuMs).padStart(17)}   ${fmt(ours.wallMs).padStart(18)}   <= 5`);
console.log(`verify (DCC verifier-core)         ${fmt(core.cpuMs).padStart(17)}   ${fmt(core.wallMs).padStart(18)}`);
console.log('');
console.log(`verification speed-up over verifier-core: ${fmt(core.cpuMs / ours.cpuMs)}x CPU (target >= 2x)`);
