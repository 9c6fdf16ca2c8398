// Minimal typing for the parts of jsonld.js that Laurel uses.
declare module 'jsonld' {
  interface Options {
    documentLoader?: (url: string) => Promise<unknown>;
    safe?: boolean;
    algorithm?: string;
    format?: string;
    base?: string | null;
  }
  const jsonld: {
    canonize(input: unknown, options: Options): Promise<string>;
    expand(input: unknown, options: Options): Promise<unknown[]>;
  };
  export default jsonld;
}

// jsonld.js's context module, for the clone-performance patch (shared/credentials/jsonld-performance.ts).
declare module 'jsonld/lib/context.js' {
  const api: unknown;
  export default api;
}
