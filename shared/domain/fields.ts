import * as z from '../zod';
import { built } from '../built';

/**
 * The field shapes every record and request shares: what an id, a text or a date may be.
 * Domain rules, not HTTP: the entities validate what they store with them, and the API's
 * request schemas (shared/api/schemas.ts) are built from them.
 */
export const slug = /* @__PURE__ */ built(() => z.string().check(z.regex(/^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/, 'use lowercase letters, digits and dashes (max 64)')));
export const text = (max: number) => z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(max, `at most ${max} characters`));

export const httpUrl = /* @__PURE__ */ built(() => z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }));
export const key = /* @__PURE__ */ built(() => z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'use lowercase letters, digits and dashes (max 40)')));
export const isoDate = /* @__PURE__ */ built(() => z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' }));

/** An approval role: a Cognito group such as approver, assessor, programme-lead, registrar. */
export const approvalRole = /* @__PURE__ */ built(() => z.string().check(z.regex(/^[a-z][a-z0-9-]{1,39}$/, 'a group name: lowercase letters, digits and dashes')));
