import { writeFileSync } from 'node:fs';
import { eventJsonSchemas } from './schemas';

/** `npm run events:schemas`: writes events/schemas/*.schema.json from the zod schemas. */
for (const [file, schema] of Object.entries(eventJsonSchemas())) {
  writeFileSync(new URL(`./schemas/${file}`, import.meta.url), `${JSON.stringify(schema, null, 2)}\n`);
  console.log(`events/schemas/${file}`);
}
