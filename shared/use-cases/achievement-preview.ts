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

export interface PreviewDeps {
  issuers: Pick<IssuerRepository, 'get'>;
  defaultIssuer: Pick<IssuerRecord, 'issuerId' | 'name' | 'url'>;
  publicBaseUrl: string;
  brandColor: string;
  clock: Clock;
}

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
  return { credential, learner: SAMPLE, note: 'A preview for a sample learner: unsigned, never stored, never verifiable.' };
}
