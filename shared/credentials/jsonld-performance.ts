import contextApi from 'jsonld/lib/context.js';

/**
 * jsonld.js (9.0.0, pinned) deep-clones every term definition of the active context each time
 * a scoped context is entered. The OB 3.0 context has hundreds of terms and type-scoped contexts
 * on most nodes, so that clone was most of the time spent canonicalizing a credential.
 *
 * A shallow copy is equivalent: jsonld.js never mutates a term definition once another context
 * inherited it — `createTermDefinition` always builds a new definition object and replaces the
 * child's own entry — and `protected` holds booleans. The copy below mirrors the library's
 * `_cloneActiveContext` field for field otherwise. Equivalence is tested: the 1EdTech test
 * vector, the spec's complete example canonicalized both ways, and two independent verifiers.
 */
interface ActiveContext {
  mappings: Map<string, unknown>;
  protected: Record<string, boolean>;
  previousContext?: ActiveContext;
  clone: (this: ActiveContext) => ActiveContext;
  getInverse: unknown;
  inverse: unknown;
  revertToPreviousContext: unknown;
  '@base'?: unknown;
  '@language'?: unknown;
  '@vocab'?: unknown;
}

function shallowCloneActiveContext(this: ActiveContext): ActiveContext {
  const child = {
    mappings: new Map(this.mappings),
    clone: this.clone,
    inverse: null,
    getInverse: this.getInverse,
    protected: { ...this.protected },
    revertToPreviousContext: this.revertToPreviousContext,
  } as ActiveContext;
  if (this.previousContext) child.previousContext = this.previousContext.clone();
  if ('@base' in this) child['@base'] = this['@base'];
  if ('@language' in this) child['@language'] = this['@language'];
  if ('@vocab' in this) child['@vocab'] = this['@vocab'];
  return child;
}

const api = contextApi as { getInitialContext: (options: unknown) => ActiveContext };
const originalGetInitialContext = api.getInitialContext;
let enabled = false;
let deepClone: ActiveContext['clone'] | undefined;

/** Turns the shallow clone on (the default, at import) or off (for the equivalence test). */
export function setFastContextCloning(on: boolean) {
  enabled = on;
}

const patch = (initial: ActiveContext) => {
  if (initial.clone !== deepCloneSwitch) {
    deepClone = initial.clone;
    initial.clone = deepCloneSwitch;
  }
  return initial;
};
api.getInitialContext = (options: unknown) => patch(originalGetInitialContext(options));
// jsonld.js took its own reference to getInitialContext at load, but the initial contexts are
// cached objects: patch the ones every operation starts from. (If jsonld.js ever dropped its
// cache, it would fall back to its own deep clone: slower, never wrong.)
for (const processingMode of [undefined, 'json-ld-1.1', 'json-ld-1.0']) patch(originalGetInitialContext({ processingMode }));

function deepCloneSwitch(this: ActiveContext): ActiveContext {
  const child = enabled ? shallowCloneActiveContext.call(this) : deepClone!.call(this);
  child.clone = deepCloneSwitch;
  return child;
}

setFastContextCloning(true);
