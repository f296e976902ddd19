import { z } from 'zod';
import { DLQ_HEADERS, OrderReadySchema, OrderRejectedSchema } from './events';
import { OrderSchema } from './order';
import { DEFAULT_KAFKA_BROKERS } from './addresses';
import { TOPICS, TOPIC_PARTITIONS } from './topics';

type JsonObject = Record<string, unknown>;

/** A zod schema as JSON Schema, without its `$schema` line (the document says which dialect). */
export function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output' = 'output'): JsonObject {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonObject;
  return rest;
}

const TRACE_HEADERS = {
  type: 'object',
  description:
    'W3C trace context (and baggage) of the producing span; a consumer continues the trace from it. Other headers pass through.',
  properties: {
    traceparent: { type: 'string', description: 'W3C traceparent, e.g. 00-<trace id>-<span id>-01' },
    tracestate: { type: 'string' },
    baggage: { type: 'string', description: 'W3C baggage; never taken from an untrusted HTTP caller' },
  },
};

const DLQ_HEADER_DESCRIPTIONS: Record<keyof typeof DLQ_HEADERS, string> = {
  reason: 'Why the message is here; quotes no message content',
  sourceTopic: 'The topic it was consumed from',
  sourcePartition: 'Its partition there',
  sourceOffset: 'Its offset there',
  service: 'The service that dead-lettered it',
  failedAt: 'When (ISO-8601)',
  truncatedFrom: 'Set when the value was cut to fit: its original size in bytes',
  attempts: 'How many times the handler ran',
  error: 'The class of the error that sent it here (e.g. InvalidMessageError)',
  headersDropped: 'Set when original headers were left out to fit: how many',
};

const orderKey = {
  bindings: {
    kafka: { key: { type: 'string', format: 'uuid', description: 'The order id' }, bindingVersion: '0.5.0' },
  },
};

/**
 * The AsyncAPI 3 document of ITuna's topics: messages, their JSON Schemas (from the same zod
 * schemas the consumers validate with), keys and headers, and which service sends and receives
 * what. docs/asyncapi.json is written from it (`npm run docs:api`); a unit test fails when the
 * committed file drifts from the schemas.
 */
export function asyncApiDocument(): JsonObject {
  const message = (name: string, title: string, payload: JsonObject, headers: JsonObject = TRACE_HEADERS) => ({
    name,
    title,
    contentType: 'application/json',
    headers,
    payload,
    ...orderKey,
  });
  const dlqHeaders = {
    type: 'object',
    description: 'The original headers (cut to fit the record), plus these',
    properties: Object.fromEntries(
      Object.entries(DLQ_HEADERS).map(([k, header]) => [
        header,
        { type: 'string', description: DLQ_HEADER_DESCRIPTIONS[k as keyof typeof DLQ_HEADERS] },
      ]),
    ),
    required: [
      DLQ_HEADERS.reason,
      DLQ_HEADERS.sourceTopic,
      DLQ_HEADERS.sourcePartition,
      DLQ_HEADERS.sourceOffset,
      DLQ_HEADERS.service,
      DLQ_HEADERS.failedAt,
      DLQ_HEADERS.attempts,
      DLQ_HEADERS.error,
    ],
  };
  const deadLetter = message(
    'DeadLetter',
    'A message its consumer could not handle: the original key and value bytes (value cut to fit)',
    { description: 'The original value, as it arrived (not necessarily JSON)' },
    dlqHeaders,
  );
  const channels = {
    orders: {
      address: TOPICS.orders,
      description: 'Placed orders (website and on-site), waiting for validation',
      messages: { order: { $ref: '#/components/messages/Order' } },
    },
    kitchen: {
      address: TOPICS.kitchen,
      description: 'Validated and direct orders, for the kitchen',
      messages: { order: { $ref: '#/components/messages/Order' } },
    },
    ready: {
      address: TOPICS.ready,
      description: 'Cooked orders, announced once (exactly-once delivery)',
      messages: { orderReady: { $ref: '#/components/messages/OrderReady' } },
    },
    rejected: {
      address: TOPICS.rejected,
      description: 'Valid orders that failed a business rule',
      messages: { orderRejected: { $ref: '#/components/messages/OrderRejected' } },
    },
    ordersDlq: {
      address: TOPICS.ordersDlq,
      description: `Dead letters of ${TOPICS.orders}`,
      messages: { deadLetter: { $ref: '#/components/messages/DeadLetter' } },
    },
    kitchenDlq: {
      address: TOPICS.kitchenDlq,
      description: `Dead letters of ${TOPICS.kitchen}`,
      messages: { deadLetter: { $ref: '#/components/messages/DeadLetter' } },
    },
  };
  const op = (action: 'send' | 'receive', channel: keyof typeof channels, summary: string) => ({
    action,
    channel: { $ref: `#/channels/${channel}` },
    summary,
  });
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'ITuna topics',
      version: '1.0.0',
      description: `Kafka topics of the ITuna pipeline, ${TOPIC_PARTITIONS} partitions each, key = order id. Generated from libs/contracts (npm run docs:api).`,
    },
    defaultContentType: 'application/json',
    servers: { local: { host: DEFAULT_KAFKA_BROKERS, protocol: 'kafka', description: 'The native or Docker stack' } },
    channels,
    operations: {
      placeOrder: op('send', 'orders', 'website-ordering and onsite-ordering place an order'),
      validateOrder: op('receive', 'orders', 'order-validation validates it (address, name, inventory)'),
      forwardOrder: op(
        'send',
        'kitchen',
        'order-validation forwards a valid order; direct-kitchen-ordering places one here',
      ),
      rejectOrder: op('send', 'rejected', 'order-validation rejects an order that failed a rule'),
      cookOrder: op('receive', 'kitchen', 'kitchen-service cooks it'),
      announceOrder: op('send', 'ready', 'kitchen-service announces it ready'),
      deadLetterOrder: op('send', 'ordersDlq', 'order-validation moves a message it cannot handle'),
      deadLetterKitchenOrder: op('send', 'kitchenDlq', 'kitchen-service moves a message it cannot handle'),
    },
    components: {
      messages: {
        Order: message('Order', 'An order', jsonSchemaOf(OrderSchema)),
        OrderReady: message('OrderReady', 'An order cooked and plated', jsonSchemaOf(OrderReadySchema)),
        OrderRejected: message(
          'OrderRejected',
          'An order that failed a business rule',
          jsonSchemaOf(OrderRejectedSchema),
        ),
        DeadLetter: deadLetter,
      },
    },
  };
}
