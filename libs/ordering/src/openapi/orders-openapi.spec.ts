import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHANNELS, CHANNEL_SERVICES } from '@ituna/contracts';
import { ordersOpenApiDocument } from './orders-openapi';

/** The document as its committed JSON is read: plain data, any field. */
const asJson = (document: unknown) => JSON.parse(JSON.stringify(document));

describe('OpenAPI documents (docs/openapi/<service>.json)', () => {
  it.each(CHANNELS.map((c) => [CHANNEL_SERVICES[c], c] as const))(
    '%s: the committed file is what the schemas give (regenerate with `npm run docs:api`)',
    (service, channel) => {
      const committed = JSON.parse(
        readFileSync(join(__dirname, '..', '..', '..', '..', 'docs', 'openapi', `${service}.json`), 'utf8'),
      );
      expect(committed).toEqual(JSON.parse(JSON.stringify(ordersOpenApiDocument(channel))));
    },
  );

  it('gives POST /orders the body the service validates, its header and every answer it makes', () => {
    const post = asJson(ordersOpenApiDocument('website')).paths['/orders'].post;
    const body = post.requestBody.content['application/json'].schema;
    expect(body.required).toEqual(['items', 'address']);
    expect(body.additionalProperties).toBe(false);
    expect(post.parameters[0]).toMatchObject({ name: 'idempotency-key', in: 'header', required: false });
    expect(Object.keys(post.responses)).toEqual(['202', '400', '413', '415', '422', '503']);
    expect(
      asJson(ordersOpenApiDocument('onsite')).paths['/orders'].post.requestBody.content['application/json'].schema
        .required,
    ).toEqual(['table', 'items']);
  });
});
