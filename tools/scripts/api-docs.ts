// `npm run docs:api`: writes the API documents from the zod schemas that validate: the AsyncAPI 3
// document of the topics (docs/asyncapi.json) and the OpenAPI 3.1 document of each ordering
// service (docs/openapi/<service>.json). Unit tests in libs/contracts and libs/ordering fail when
// the committed files drift from the schemas.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHANNELS, CHANNEL_SERVICES, asyncApiDocument } from '@ituna/contracts';
import { ordersOpenApiDocument } from '@ituna/ordering';

const docs = join(__dirname, '..', '..', 'docs');
const write = (file: string, document: unknown) => {
  writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
  console.log(`wrote ${file}`);
};
write(join(docs, 'asyncapi.json'), asyncApiDocument());
mkdirSync(join(docs, 'openapi'), { recursive: true });
for (const channel of CHANNELS)
  write(join(docs, 'openapi', `${CHANNEL_SERVICES[channel]}.json`), ordersOpenApiDocument(channel));
