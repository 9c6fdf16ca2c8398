import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { GENERATED_VALIDATOR, obValidatorSource } from './validator-source';

/** `npm run credentials:validator`: writes the OB credential schema's compiled validator. */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
writeFileSync(path.join(root, GENERATED_VALIDATOR), obValidatorSource());
console.log(GENERATED_VALIDATOR);
