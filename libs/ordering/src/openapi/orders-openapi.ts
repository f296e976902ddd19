import { CHANNEL_SERVICES, SERVICE_PORTS, jsonSchemaOf } from '@ituna/contracts';
import type { Channel } from '@ituna/contracts';
import { IDEMPOTENCY_KEY_HEADER } from '../idempotency/idempotency-key';
import { ORDERING_CHANNELS } from '../ordering-channels';

const problem = (description: string) => ({
  description,
  content: {
    'application/json': {
      schema: {
        type: 'object',
        properties: { statusCode: { type: 'integer' }, message: { type: 'string' }, error: { type: 'string' } },
        required: ['statusCode', 'message'],
      },
    },
  },
});

/**
 * The OpenAPI 3.1 document of one ordering service: `POST /orders`, with the request body's
 * JSON Schema made from the zod schema that validates it, and `GET /health`. Served at
 * `/openapi.json` (Swagger UI at `/docs`); docs/openapi/<service>.json is written from it.
 */
export function ordersOpenApiDocument(channel: Channel): Record<string, unknown> {
  const service = CHANNEL_SERVICES[channel];
  const port = SERVICE_PORTS[service];
  const { body, summary } = ORDERING_CHANNELS[channel];
  return {
    openapi: '3.1.0',
    info: {
      title: service,
      version: '1.0.0',
      description: `ITuna's ${channel} ordering service. Generated from libs/contracts and libs/ordering (npm run docs:api).`,
    },
    servers: [{ url: `http://127.0.0.1:${port}` }],
    paths: {
      '/orders': {
        post: {
          operationId: 'placeOrder',
          summary,
          description:
            '202 means Kafka acknowledged the order (acks from all in-sync replicas). 503 means it did not in time: usually nothing was written. ' +
            'With an Idempotency-Key, a retry (after a 503, a timeout or a dropped connection) gives the same orderId and at most one order downstream.',
          parameters: [
            {
              name: IDEMPOTENCY_KEY_HEADER,
              in: 'header',
              required: false,
              description:
                'IETF httpapi draft "The Idempotency-Key HTTP Header Field": 1 to 255 visible ASCII characters. The same key on this service names the same order.',
              schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,255}$' },
            },
          ],
          requestBody: { required: true, content: { 'application/json': { schema: jsonSchemaOf(body, 'input') } } },
          responses: {
            '202': {
              description: 'Placed: Kafka has the order',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: {
                      orderId: { type: 'string', format: 'uuid' },
                      traceId: {
                        type: ['string', 'null'],
                        description: "The order's trace in Jaeger; null when tracing is off",
                      },
                    },
                    required: ['orderId', 'traceId'],
                  },
                },
              },
            },
            '400': problem('The body (or the Idempotency-Key) is not valid; the message says what is wrong'),
            '413': problem('The body is larger than the limit'),
            '415': problem('The body is not JSON'),
            '422': problem('The Idempotency-Key was used before with a different body'),
            '503': problem('Kafka did not acknowledge the write in time; retry, with the same Idempotency-Key'),
          },
        },
      },
      '/health': {
        get: {
          operationId: 'health',
          summary: 'Kafka reachable (and, in consuming services, the consumer running)',
          responses: {
            '200': { description: 'Healthy' },
            '503': { description: 'Not healthy; the body says which check failed' },
          },
        },
      },
    },
  };
}
