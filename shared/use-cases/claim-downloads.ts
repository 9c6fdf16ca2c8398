import type { BadgeRasterizer } from '../certificate/baked-badge';
import { bakedBadgePng, bakedBadgeSvg, type BadgeSource } from '../certificate/baked-badge';
import { renderCertificatePdf, type CertificateFonts, type PaperSize } from '../certificate/pdf-certificate';
import type { ClaimTexts } from '../page/claim-texts';
import type { Artifacts } from '../ports';
import { publicUrls } from '../issuer';
import { claimedDocument, type Claim } from './learner-claims';

/**
 * What the learner downloads from the claim page, each carrying the signed credential: the JSON
 * itself, the badge image with it baked in (PNG and SVG, as OB 3.0 bakes them and POST /verify
 * reads them), and a printable PDF certificate whose QR code and URL lead to verification.
 */
export const CLAIM_DOWNLOADS = ['credential.json', 'badge.png', 'badge.svg', 'certificate-a4.pdf', 'certificate-letter.pdf'] as const;
export type ClaimDownload = (typeof CLAIM_DOWNLOADS)[number];

export interface DownloadDeps {
  artifacts: Pick<Artifacts, 'read' | 'readBytes'>;
  rasterizer: () => BadgeRasterizer;
  fonts: () => CertificateFonts;
  settings: { publicBaseUrl: string; brandColor: string };
}

export interface DownloadedFile {
  bytes: Uint8Array | string;
  contentType: string;
  fileName: string;
}

/** The badge image as stored, when the achievement names one of ours (images/…). */
async function badgeSource(deps: Pick<DownloadDeps, 'artifacts' | 'settings'>, credential: Record<string, any>): Promise<BadgeSource | undefined> {
  const id = credential.credentialSubject?.achievement?.image?.id;
  const prefix = publicUrls(deps.settings.publicBaseUrl).images;
  if (typeof id !== 'string' || !id.startsWith(prefix)) return undefined;
  const key = `images/${id.slice(prefix.length)}`;
  const bytes = await deps.artifacts.readBytes(key);
  if (!bytes) return undefined;
  const contentType = key.endsWith('.svg') ? 'image/svg+xml' : key.endsWith('.png') ? 'image/png' : 'image/jpeg';
  return { bytes, contentType };
}

export async function claimDownload(deps: DownloadDeps, claim: Claim, file: ClaimDownload, texts: ClaimTexts): Promise<DownloadedFile> {
  const { body, credential } = await claimedDocument(deps, claim.record);
  const base = `credential-${claim.record.id}`;
  const fallback = { achievementName: String(credential.name ?? ''), brandColor: deps.settings.brandColor };
  switch (file) {
    case 'credential.json':
      return { bytes: body, contentType: 'application/ld+json', fileName: `${base}.json` };
    case 'badge.svg':
      return { bytes: bakedBadgeSvg(await badgeSource(deps, credential), body, fallback), contentType: 'image/svg+xml', fileName: `${base}.svg` };
    case 'badge.png':
      return { bytes: await bakedBadgePng(await badgeSource(deps, credential), body, fallback, deps.rasterizer()), contentType: 'image/png', fileName: `${base}.png` };
    case 'certificate-a4.pdf':
    case 'certificate-letter.pdf':
      return { bytes: await certificate(deps, claim, credential, texts, file === 'certificate-a4.pdf' ? 'A4' : 'Letter'), contentType: 'application/pdf', fileName: `${base}-${file === 'certificate-a4.pdf' ? 'a4' : 'letter'}.pdf` };
  }
}

function certificate(deps: DownloadDeps, claim: Claim, credential: Record<string, any>, texts: ClaimTexts, paper: PaperSize) {
  const subject = credential.credentialSubject ?? {};
  return renderCertificatePdf(
    {
      achievementName: String(subject.achievement?.name ?? credential.name ?? ''),
      ...(subject.achievement?.description ? { achievementDescription: String(subject.achievement.description) } : {}),
      // The name as the signed credential carries it: only if the learner agreed to it.
      ...(subject.name ? { learnerName: String(subject.name) } : {}),
      issuerName: String(credential.issuer?.name ?? ''),
      issuedAt: String(credential.validFrom),
      ...(credential.validUntil ? { validUntil: String(credential.validUntil) } : {}),
      verificationUrl: publicUrls(deps.settings.publicBaseUrl).credential(claim.record.id),
      credentialId: claim.record.id,
      brandColor: deps.settings.brandColor,
      language: texts.lang,
      texts: texts.certificate,
      paper,
    },
    deps.fonts(),
  );
}
