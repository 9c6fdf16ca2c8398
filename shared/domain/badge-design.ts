import * as z from '../zod';
import { built } from '../built';
import { text } from './fields';
import { BADGE_ICONS, BADGE_SHAPES } from './badge-svg';

export { BADGE_ICONS, BADGE_SHAPES, contrastRatio, luminance, renderBadgeSvg, textColorOn, wrap } from './badge-svg';

/**
 * The badge designer's choices, validated: what an achievement's `design` holds. The drawing is
 * ./badge-svg.ts, apart, so that the console's live preview bundles it without zod.
 */
const hexColor = /* @__PURE__ */ built(() => z.string().check(z.regex(/^#[0-9a-fA-F]{6}$/, 'a colour such as #1d4ed8')));

export const badgeDesign = /* @__PURE__ */ built(() =>
  z.strictObject({
    shape: z._default(z.enum(BADGE_SHAPES), 'circle'),
    /** The badge's colour; the institution's brand colour when absent. */
    color: z.optional(hexColor),
    /** The ring's colour; a darker shade of the badge's when absent. */
    accent: z.optional(hexColor),
    title: text(40),
    subtitle: z.optional(text(40)),
    icon: z._default(z.enum(BADGE_ICONS), 'star'),
  }),
);
export type BadgeDesign = z.infer<typeof badgeDesign>;
