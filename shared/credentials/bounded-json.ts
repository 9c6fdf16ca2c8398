/**
 * JSON from strangers, read within bounds. Verification's cost grows with a document's shape
 * (canonicalization is about 30 µs of CPU per JSON value), so the shape is measured before
 * anything parses it: one linear pass over the text counts values, array items, nesting depth
 * and `@context` entries, and stops at the first bound crossed. Only then does JSON.parse run.
 * The pass never judges syntax (JSON.parse does); on text that is not JSON it still ends, in
 * time linear in the text, having counted what it saw.
 */
export interface JsonBounds {
  /** UTF-8 bytes of the text. */
  maxBytes: number;
  /** Objects and arrays inside one another. */
  maxDepth: number;
  /** Values of any kind (objects, arrays, strings, numbers, booleans, nulls). */
  maxValues: number;
  /** Items in any one array. */
  maxArrayItems: number;
  /** `@context` entries in the whole document (each URL or inline context counts once). */
  maxContexts: number;
}

/**
 * A credential someone presents. An Open Badge with a few dozen results, alignments and evidence
 * items is well under 1,000 values; the bounds leave room for eight times that, and cap what one
 * request can make canonicalization spend (measured in bench:verify).
 */
export const PRESENTED_CREDENTIAL_BOUNDS: JsonBounds = { maxBytes: 256 * 1024, maxDepth: 32, maxValues: 8_000, maxArrayItems: 1_000, maxContexts: 16 };

/** Documents fetched while verifying (keys, DID documents, issuer profiles, status lists). */
export const FETCHED_DOCUMENT_BOUNDS: JsonBounds = { maxBytes: 256 * 1024, maxDepth: 32, maxValues: 2_000, maxArrayItems: 1_000, maxContexts: 16 };

export class JsonBoundsError extends Error {
  constructor(
    message: string,
    /** Where in the document, as `a.b[3].c` (empty for the document itself). */
    readonly path: string,
    /** 'size' for too many bytes, 'shape' for any other bound. */
    readonly kind: 'size' | 'shape',
  ) {
    super(message);
    this.name = 'JsonBoundsError';
  }
}

interface Level {
  array: boolean;
  items: number;
  /** In an object: the key whose value is being read. */
  key: string | undefined;
  /** In an object: the next string is a key. */
  expectKey: boolean;
  /** This array is the value of a `@context` key. */
  contexts: boolean;
}

const isWhitespace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
/** `{ } [ ] , : "` and whitespace end a bare value (number, true, false, null). */
const endsBare = (c: number) => c === 0x7b || c === 0x7d || c === 0x5b || c === 0x5d || c === 0x2c || c === 0x3a || c === 0x22 || isWhitespace(c);

const pathOf = (stack: Level[]) =>
  stack
    .map((level) => (level.array ? `[${Math.max(0, level.items - 1)}]` : level.key === undefined ? '' : /^[A-Za-z_@$][\w@$]*$/.test(level.key) ? `.${level.key}` : `[${JSON.stringify(level.key)}]`))
    .join('')
    .replace(/^\./, '');

const count = (n: number) => n.toLocaleString('en-US');

/** Throws JsonBoundsError at the first bound `text` crosses; otherwise returns nothing. */
export function checkJsonBounds(text: string, bounds: JsonBounds): void {
  // A UTF-16 unit is at most 3 UTF-8 bytes: cheap to rule out, exact only when needed.
  if (text.length * 3 > bounds.maxBytes && Buffer.byteLength(text, 'utf8') > bounds.maxBytes) {
    throw new JsonBoundsError(`The document is larger than ${count(bounds.maxBytes)} bytes.`, '', 'size');
  }
  const stack: Level[] = [];
  let values = 0;
  let contexts = 0;
  const shape = (message: string): never => {
    throw new JsonBoundsError(message, pathOf(stack), 'shape');
  };
  /** A value starts here: counted once, and once more as an item of the array it is in. */
  const value = () => {
    const parent = stack[stack.length - 1];
    if (parent?.array) parent.items++;
    if (++values > bounds.maxValues) shape(`The document has more than ${count(bounds.maxValues)} values.`);
    if (!parent) return;
    if (parent.array) {
      if (parent.items > bounds.maxArrayItems) shape(`The array has more than ${count(bounds.maxArrayItems)} items.`);
      if (parent.contexts && ++contexts > bounds.maxContexts) shape(`The document has more than ${count(bounds.maxContexts)} @context entries.`);
    } else if (parent.key === '@context' && ++contexts > bounds.maxContexts) {
      shape(`The document has more than ${count(bounds.maxContexts)} @context entries.`);
    }
  };
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (isWhitespace(c) || c === 0x3a) {
      i++;
    } else if (c === 0x2c) {
      const top = stack[stack.length - 1];
      if (top && !top.array) top.expectKey = true;
      i++;
    } else if (c === 0x7b || c === 0x5b) {
      const top = stack[stack.length - 1];
      const isContexts = c === 0x5b && top !== undefined && !top.array && top.key === '@context';
      value();
      if (stack.length >= bounds.maxDepth) shape(`The document nests deeper than ${bounds.maxDepth} levels.`);
      // An array that is a @context value holds the entries; the array itself is not one.
      if (isContexts) contexts--;
      stack.push({ array: c === 0x5b, items: 0, key: undefined, expectKey: c === 0x7b, contexts: isContexts });
      i++;
    } else if (c === 0x7d || c === 0x5d) {
      stack.pop();
      i++;
    } else if (c === 0x22) {
      // A string: to the next unescaped quote (or the end, for text that is not JSON).
      let j = i + 1;
      let escaped = false;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === 0x5c) {
          escaped = true;
          j += 2;
        } else if (d === 0x22) {
          break;
        } else {
          j++;
        }
      }
      const top = stack[stack.length - 1];
      if (top && !top.array && top.expectKey) {
        const raw = text.slice(i + 1, Math.min(j, n));
        top.key = escaped ? decodeKey(raw) : raw;
        top.expectKey = false;
      } else {
        value();
      }
      i = j + 1;
    } else {
      // A number, true, false or null (or stray text): one value, to the next delimiter.
      value();
      i++;
      while (i < n && !endsBare(text.charCodeAt(i))) i++;
    }
  }
}

function decodeKey(raw: string): string {
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw;
  }
}

/** JSON.parse, after checkJsonBounds. */
export function parseBoundedJson(text: string, bounds: JsonBounds): unknown {
  checkJsonBounds(text, bounds);
  return JSON.parse(text) as unknown;
}
