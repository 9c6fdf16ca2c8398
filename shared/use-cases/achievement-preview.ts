import type { CreateAchievementBody } from '../api/schemas';
import { renderBadgeSvg } from '../domain/badge-svg';
import type { Achievement } from '../entities/achievement';
import { loadIssuer, type IssuerRecord, type IssuerRepository } from '../entities/issuer';
import { ValidationError } from '../errors';
import { unsignedCredential } from '../issuing/issue-credential';
import { publicUrls } from '../issuer';
import type { Clock } from '../clock';
import type { Principal } from '../domain/staff';
import { defaultBadgeDesign } from './achievements';
import { renderVerificationPage, type Branding } from '../page/verification-page';
import type { PageTexts } from '../page/texts';

export interface PreviewDeps {
  issuers: Pick<IssuerRepository, 'get'>;
  defaultIssuer: Pick<IssuerRecord, 'issuerId' | 'name' | 'url'>;
  publicBaseUrl: string;
  brandColor: string;
  clock: Clock;
  /** The public page's branding and language, as the verification function has them. */
  page: { branding: Branding; texts: PageTexts };
}

/** What the preview page says of each check: nothing was signed, so each says what it will check. */
const PREVIEW_CHECKS = (['structure', 'signature', 'issuer', 'status', 'validity'] as const).map((name) => ({ name, passed: true, message: 'checked for each issued credential' }));

/** The learner of every preview: no one, and said so. */
const SAMPLE = { email: 'sample.learner@example.invalid', name: 'Sample Learner', studentId: 'S0000000' };

/** A value each result would show: the top of its range, a required or allowed value, or a placeholder. */
const sampleValue = (d: NonNullable<CreateAchievementBody['resultDescriptions']>[number]) => d.requiredValue ?? d.valueMax ?? d.allowedValue?.[0] ?? '…';

/**
 * The credential a definition would issue, before anything is saved: built by the issuing core's
 * own unsignedCredential for a sample learner, so the console's live preview shows the document a
 * learner will hold (unsigned — there is nothing to sign for — with a sample status entry). A
 * designed badge is drawn into the preview as a data: URL; a saved one is drawn and stored on save.
 */
export async function previewAchievement(deps: PreviewDeps, input: CreateAchievementBody, actor: Principal) {
  const { id = 'preview', issuerId = deps.defaultIssuer.issuerId, ...fields } = input;
  const issuer = await loadIssuer(deps, issuerId);
  if (!issuer) throw new ValidationError('The issuer does not exist.', [{ path: 'body.issuerId', message: `no issuer '${issuerId}'` }]);
  const design = fields.image ? undefined : (fields.design ?? defaultBadgeDesign(fields));
  const image = fields.image ?? { id: `data:image/svg+xml;base64,${Buffer.from(renderBadgeSvg(design!, deps.brandColor)).toString('base64')}`, caption: `${design!.title} badge` };
  const now = deps.clock.now().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const achievement: Achievement = { ...fields, image, id, version: 1, issuerId, lifecycle: 'active', createdAt: now, createdBy: actor.name };
  const award = {
    evidence: [{ name: 'Sample evidence', narrative: 'What the learner did, as the issuer or the cohort file describes it.' }],
    results: fields.resultDescriptions.map((d) => ({ resultKey: d.key, value: sampleValue(d) })),
    evidenceFiles: [],
  };
  const issuance = { id: 'preview', credentialId: 'preview', issuerId, recipient: { ...SAMPLE, publishName: true }, recipientSalt: 'preview', award, verifiedFiles: [] };
  const credential = unsignedCredential(issuance, achievement, issuer, publicUrls(deps.publicBaseUrl), { listNo: 0, index: 0 }, now);
  const page = previewPage(deps, credential, issuer.linkedInOrganizationId, now);
  return { credential, learner: SAMPLE, page, note: 'A preview for a sample learner: unsigned, never stored, never verifiable.' };
}

/**
 * The verification page an employer would see for this credential once issued and valid: the
 * page function's own renderer, with the deployment's branding and the issuer's LinkedIn
 * organization. The console shows it in a sandboxed frame (no script, no navigation).
 */
function previewPage(deps: PreviewDeps, credential: Record<string, unknown>, linkedInOrganizationId: string | undefined, now: string): string {
  const pageUrl = String(credential.id);
  return renderVerificationPage({
    credential,
    verification: { status: 'valid', checks: PREVIEW_CHECKS, checkedAt: now },
    pageUrl,
    verificationUrl: `${pageUrl}/verification`,
    branding: { ...deps.page.branding, ...(linkedInOrganizationId ? { linkedInOrganizationId } : {}) },
    texts: deps.page.texts,
    qrSvg: '',
    script: false,
  }).html;
}
