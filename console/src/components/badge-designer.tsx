import { renderBadgeSvg } from '../../../shared/domain/badge-svg';
import { SelectField, TextField } from './fields';
import { BADGE_ICONS, BADGE_SHAPES, type Design } from '../pages/achievement-fields';

/**
 * The badge designer: shape, colours, title and icon, with the badge drawn as you choose — by the
 * same function that draws the image the API stores (shared/domain/badge-svg.ts).
 */
export function BadgeDesigner({ design, brandColor, onChange }: { design: Design; brandColor: string; onChange(d: Design): void }) {
  const full = { shape: design.shape ?? 'circle', icon: design.icon ?? 'star', ...design, title: design.title || 'Badge' };
  const svg = renderBadgeSvg(full, brandColor);
  const set = (patch: Partial<Design>) => onChange({ ...design, ...patch });
  return (
    <div class="designer">
      <div class="designer-fields">
        <SelectField label="Shape" value={full.shape} onValue={(shape) => set({ shape })} options={BADGE_SHAPES.map((s) => ({ value: s, label: s[0]!.toUpperCase() + s.slice(1) }))} />
        <ColorField label="Colour" value={design.color ?? brandColor} hint="Your institution's brand colour unless you choose another." onValue={(color) => set({ color })} />
        <ColorField label="Ring colour" value={design.accent ?? '#1f2937'} hint="A darker shade of the colour until you choose one." onValue={(accent) => set({ accent })} />
        <TextField label="Title on the badge" value={design.title} maxLength={40} required onValue={(title) => set({ title })} />
        <TextField label="Subtitle" value={design.subtitle ?? ''} maxLength={40} onValue={(subtitle) => set({ subtitle: subtitle || undefined })} />
        <SelectField label="Icon" value={full.icon} onValue={(icon) => set({ icon })} options={BADGE_ICONS.map((i) => ({ value: i, label: i === 'none' ? 'No icon' : i[0]!.toUpperCase() + i.slice(1) }))} />
      </div>
      <figure class="designer-preview">
        <img src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`} alt={`Badge preview: ${full.title}`} width={200} height={200} />
        <figcaption>Preview: what the credential and its page will show.</figcaption>
      </figure>
    </div>
  );
}

function ColorField(props: { label: string; value: string; hint: string; onValue(v: string): void }) {
  return <TextField label={props.label} hint={props.hint} value={props.value} type="color" onValue={props.onValue} />;
}
