/**
 * Builds DynamoDB update expressions from plain objects so entity modules state *what* changes
 * ("steps.Sign" → value) without hand-writing placeholder names. Dotted keys address map
 * members; `ifNotExists` keeps the first value written (idempotent steps rely on it).
 */
export interface UpdateSpec {
  set?: Record<string, unknown>;
  setIfNotExists?: Record<string, unknown>;
  remove?: string[];
}

export function buildUpdate(spec: UpdateSpec) {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  let n = 0;
  const path = (dotted: string) =>
    dotted
      .split('.')
      .map((part) => {
        const key = `#${part.replace(/[^A-Za-z0-9_]/g, '_')}`;
        names[key] = part;
        return key;
      })
      .join('.');
  const value = (v: unknown) => {
    const key = `:v${n++}`;
    values[key] = v;
    return key;
  };
  const sets = [
    ...Object.entries(spec.set ?? {}).filter(([, v]) => v !== undefined).map(([k, v]) => `${path(k)} = ${value(v)}`),
    ...Object.entries(spec.setIfNotExists ?? {}).map(([k, v]) => {
      const p = path(k);
      return `${p} = if_not_exists(${p}, ${value(v)})`;
    }),
  ];
  const removes = (spec.remove ?? []).map(path);
  const clauses = [sets.length ? `SET ${sets.join(', ')}` : '', removes.length ? `REMOVE ${removes.join(', ')}` : ''];
  return {
    UpdateExpression: clauses.filter(Boolean).join(' '),
    ExpressionAttributeNames: names,
    ...(n ? { ExpressionAttributeValues: values } : {}),
    /** Adds a condition that may reference the same names; pass extra values to merge. */
    withCondition(condition: string, extraValues: Record<string, unknown> = {}, extraNames: Record<string, string> = {}) {
      Object.assign(names, extraNames);
      // Conditions name attributes as #attr; register any the SET/REMOVE clauses did not.
      for (const [, attr] of condition.matchAll(/#([A-Za-z0-9_]+)/g)) names[`#${attr}`] ??= attr!;
      const mergedValues = { ...values, ...extraValues };
      return {
        UpdateExpression: this.UpdateExpression,
        ConditionExpression: condition,
        ExpressionAttributeNames: names,
        ...(Object.keys(mergedValues).length ? { ExpressionAttributeValues: mergedValues } : {}),
      };
    },
  };
}
