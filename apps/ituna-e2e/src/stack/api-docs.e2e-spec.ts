import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TOPICS } from '@ituna/contracts';
import { post, PORTS } from '@ituna/testbed';
import { useFleet } from '../support/fixtures';

const docs = join(__dirname, '..', '..', '..', '..', 'docs');
const ORDERING = ['website-ordering', 'onsite-ordering', 'direct-kitchen-ordering'] as const;

describe('API documents served by the ordering services', () => {
  useFleet({ ITUNA_ZERO_DELAYS: 'true' }, [TOPICS.orders], ORDERING);

  it.each(ORDERING)(
    '%s serves its OpenAPI document (the committed one) at /openapi.json and Swagger UI at /docs',
    async (service) => {
      const port = PORTS[service];
      const json = await fetch(`http://127.0.0.1:${port}/openapi.json`);
      expect(json.status).toBe(200);
      expect(await json.json()).toEqual(JSON.parse(readFileSync(join(docs, 'openapi', `${service}.json`), 'utf8')));
      const ui = await fetch(`http://127.0.0.1:${port}/docs`);
      expect(ui.status).toBe(200);
      expect(ui.headers.get('content-type')).toMatch(/text\/html/);
      expect(await ui.text()).toMatch(/swagger-ui/i);
    },
  );

  it('validates what the document says: a field it does not list is refused with 400', async () => {
    const document = JSON.parse(readFileSync(join(docs, 'openapi', 'direct-kitchen-ordering.json'), 'utf8'));
    expect(document.paths['/orders'].post.requestBody.content['application/json'].schema.additionalProperties).toBe(
      false,
    );
    const answer = await post(PORTS['direct-kitchen-ordering'], '/orders', { items: { 'TUNA MAKI': 1 }, extra: true });
    expect(answer.status).toBe(400);
    expect(answer.text).toMatch(/extra/);
  });
});
