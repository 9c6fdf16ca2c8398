/**
 * Makes what `make` returns, there and then. Its use: `/* @__PURE__ *\/ built(() => …)` marks a
 * module-level zod schema or route as free of side effects, which esbuild cannot know of a zod
 * call, so a bundle that never uses it leaves it out: neither its code nor the schemas it would
 * build at cold start. A function bundles only the routes and schemas it imports.
 */
export const built = <T>(make: () => T): T => make();
