/**
 * Stands in for `lru-cache` (6.0.0) in the Lambda bundles (LAMBDA_ALIASES,
 * infra/constructs/laurel-function.ts). Its one user there is jsonld.js, which keeps processed
 * contexts in it and calls only `new LRU({ max })`, `get` and `set` (lib/jsonld.js,
 * lib/ResolvedContext.js, lib/ContextResolver.js). The real package and yallist are 8 KB of each
 * function that canonicalizes; a Map keeps insertion order, which is all an LRU needs.
 * test/unit/bundle-stand-ins.test.ts checks who imports it and compares it with lru-cache.
 * CommonJS, because jsonld.js calls what require() returns as a constructor.
 */
'use strict';

class LRUMap {
  constructor(options) {
    const max = typeof options === 'number' ? options : options && options.max;
    if (!Number.isInteger(max) || max < 1) throw new TypeError('max must be a positive integer');
    this.max = max;
    this.map = new Map();
  }

  get(key) {
    if (!this.map.has(key)) return undefined;
    const value = this.map.get(key);
    // Most recently used last: delete and set again.
    this.map.delete(key);
    this.map.set(key, value);
    return value;
  }

  set(key, value) {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value);
    return true;
  }

  has(key) {
    return this.map.has(key);
  }

  get size() {
    return this.map.size;
  }
}

module.exports = LRUMap;
