import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { verifyIndependently } from './independent-verifier';
import { lcwDid, lcwPresentation } from './wallet';

/**
 * The demo's learner: opens the claim link from their email as a browser would (the first stop
 * trades the token in the fragment for a session cookie), downloads the PDF certificate, and adds
 * the credential to a wallet over the VC-API exchange — the wallet played by the Learner
 * Credential Wallet's own signing libraries with a fresh did:key — then verifies the DID-bound
 * copy with Digital Bazaar's verifier.
 */
export async function demoLearnerClaims(options: { publicApiUrl: string; mailboxUrl: string; learnerEmail: string; outputDir: string; log: (line: string) => void }) {
  const { publicApiUrl: base, log } = options;
  const origin = new URL(base).origin;
  const token = await claimToken(options.mailboxUrl, options.learnerEmail);
  log(`  the email links ${base}/claim#… (the token in the fragment: no server or log sees it)`);

  const session = await fetch(`${base}/claim/session`, { method: 'POST', headers: { 'content-type': 'application/json', origin }, body: JSON.stringify({ token }) });
  if (session.status !== 204) throw new Error(`opening the claim link failed: ${session.status}`);
  const cookie = session.headers.getSetCookie()[0]!.split(';')[0]!;
  const page = await fetch(`${base}/claim/credential`, { headers: { cookie, accept: 'text/html' } });
  const title = /<h1>([^<]+)<\/h1>/.exec(await page.text())?.[1];
  log(`  claim page: ${page.status} "${title}" — wallet, downloads, privacy, contact address, decline`);

  mkdirSync(options.outputDir, { recursive: true });
  const pdf = await fetch(`${base}/claim/credential/download/certificate-a4.pdf`, { headers: { cookie } });
  if (pdf.status !== 200) throw new Error(`the PDF certificate failed: ${pdf.status}`);
  const pdfPath = path.join(options.outputDir, 'certificate-a4.pdf');
  writeFileSync(pdfPath, Buffer.from(await pdf.arrayBuffer()));
  log(`  PDF certificate (A4, tagged, QR code to the verification page): ${pdfPath}`);

  const offer = await fetch(`${base}/claim/credential/wallet`, { method: 'POST', headers: { cookie, origin, 'content-type': 'application/x-www-form-urlencoded' } });
  const interaction = /href="([^"]+\/wallet\/[A-Za-z0-9_-]{22}\?iuv=1)"/.exec(await offer.text())?.[1];
  if (!interaction) throw new Error('the claim page showed no wallet offer');
  const { protocols } = (await (await fetch(interaction, { headers: { accept: 'application/json' } })).json()) as { protocols: { vcapi: string } };
  const post = async (body: unknown) => (await (await fetch(protocols.vcapi, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json()) as Record<string, any>;
  const { verifiablePresentationRequest: request } = await post({});
  const wallet = await lcwDid();
  const answer = await post({ verifiablePresentation: await lcwPresentation({ signer: wallet, challenge: request.challenge, domain: request.domain }) });
  const copy = answer.verifiablePresentation?.verifiableCredential?.[0];
  if (!copy) throw new Error(`the wallet got no credential: ${JSON.stringify(answer)}`);
  const verified = await verifyIndependently(copy);
  log(`  wallet pickup (VC-API, DID authentication): a copy bound to ${wallet.did.slice(0, 24)}… — independent verifier: ${verified.verified ? 'verified' : `NOT verified: ${verified.error}`}`);
  if (!verified.verified) throw new Error('the wallet copy did not verify');
}

/** The claim link's token in the learner's email (it may still be on its way: ten seconds' grace). */
async function claimToken(mailboxUrl: string, email: string): Promise<string> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const store = (await (await fetch(`${mailboxUrl}/store`)).json()) as { emails: { destination: { to: string[] }; body: { text?: string } }[] };
    const token = store.emails
      .filter((m) => m.destination.to.includes(email.toLowerCase()))
      .map((m) => /\/claim#([A-Za-z0-9_-]{43})/.exec(m.body.text ?? '')?.[1])
      .find(Boolean);
    if (token) return token;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no claim link was emailed to ${email}`);
}
