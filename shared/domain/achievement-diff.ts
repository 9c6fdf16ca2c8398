import { achievementFields } from './achievement-definition';

/** One field that differs between two versions of an achievement, with both values. */
export interface FieldChange {
  field: string;
  before?: unknown;
  after?: unknown;
}

/** The fields that define an achievement, in the order the definition lists them. */
const DEFINITION_FIELDS = /* @__PURE__ */ Object.keys(achievementFields);

/** Key order aside: two equal definitions written in another order are not a change. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * What changed in an achievement's definition from `before` to `after`: each defining field whose
 * value differs, whole (a rule list or an approval policy is shown as it was and as it is — an
 * appeal reads what applied, not a patch). Lifecycle, version and authorship are not definition.
 */
export function diffAchievements(before: Record<string, unknown>, after: Record<string, unknown>): FieldChange[] {
  return DEFINITION_FIELDS.filter((field) => canonical(before[field]) !== canonical(after[field])).map((field) => ({
    field,
    ...(before[field] !== undefined ? { before: before[field] } : {}),
    ...(after[field] !== undefined ? { after: after[field] } : {}),
  }));
}
