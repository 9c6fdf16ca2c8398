import Ajv2019 from 'ajv/dist/2019';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../infra/constructs/laurel-function';
import compiled from '../../shared/credentials/schemas/ob-credential-validator.generated.js';
import schema from '../../shared/credentials/schemas/ob_v3p0_achievementcredential_schema.json';
import { GENERATED_VALIDATOR, obValidatorSource } from '../../shared/credentials/schemas/validator-source';
import { standardsFixture } from '../support/standards-kit';

describe('the OB credential schema validator, compiled ahead of time', () => {
  it('is committed as generated from the official schema (npm run credentials:validator)', () => {
    const committed = readFileSync(path.join(PROJECT_ROOT, GENERATED_VALIDATOR), 'utf8');
    expect(committed === obValidatorSource(), `${GENERATED_VALIDATOR}: run npm run credentials:validator`).toBe(true);
  });

  it('answers as Ajv compiling the schema at run time does, errors included', () => {
    const ajv = new Ajv2019({ strict: false, allErrors: true });
    addFormats(ajv);
    const atRunTime = ajv.compile(schema);
    const complete = JSON.parse(standardsFixture('spec/02_spec_complete_openbadgecredential_unsigned.json'));
    const { issuer: _issuer, ...noIssuer } = complete;
    const documents: unknown[] = [
      complete,
      noIssuer,
      { ...complete, validFrom: 'yesterday' },
      { ...complete, type: ['VerifiableCredential'] },
      { ...complete, credentialSubject: { ...complete.credentialSubject, achievement: { ...complete.credentialSubject.achievement, type: 'Badge' } } },
      { ...complete, credentialSubject: [] },
      { ...complete, '@context': 42 },
      'not a credential',
    ];
    let invalid = 0;
    for (const document of documents) {
      const expected = atRunTime(document);
      expect(compiled(document)).toBe(expected);
      expect(compiled.errors ?? null).toEqual(atRunTime.errors ?? null);
      if (!expected) invalid++;
    }
    expect(invalid).toBe(documents.length - 1);
  });
});
