import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { IHeaders } from 'kafkajs';
import { TOPICS, randomOrder } from '@ituna/contracts';
import { post, PORTS, kafka } from '@ituna/testbed';
import { useFleet } from '../support/fixtures';

describe('hostile input: nothing stops a consumer, nothing bad is published', () => {
  const { fleet, watcher } = useFleet({ ITUNA_ZERO_DELAYS: 'true' }, [
    TOPICS.orders,
    TOPICS.kitchen,
    TOPICS.ready,
    TOPICS.rejected,
    TOPICS.ordersDlq,
    TOPICS.kitchenDlq,
  ]);
  const producer = kafka.producer();

  beforeAll(() => producer.connect());
  afterAll(() => producer.disconnect());

  const validOrder = () => randomOrder('onsite');
  const hostile: [
    string,
    { key?: string | null; value: Buffer | string | null; headers?: IHeaders },
    'dlq' | 'ready',
    RegExp | undefined,
  ][] = [
    ['not JSON', { value: 'sushi please' }, 'dlq', /^not JSON/],
    ['JSON of the wrong shape', { value: JSON.stringify({ hello: 'world' }) }, 'dlq', /^not a valid order: /],
    [
      'unknown menu items',
      { value: JSON.stringify({ ...validOrder(), items: { 'TUNA PIZZA': 1 } }) },
      'dlq',
      /unknown menu item/,
    ],
    ['a 1 MB value', { value: Buffer.alloc(1_000_000, 'x') }, 'dlq', /^not JSON/],
    ['an empty value', { value: Buffer.alloc(0) }, 'dlq', /^empty value/],
    [
      'binary garbage',
      { value: Buffer.from(Array.from({ length: 256 }, (_, i) => (i * 37) % 256)) },
      'dlq',
      /^not JSON/,
    ],
    ['a null key', { key: null, value: JSON.stringify(validOrder()) }, 'ready', undefined],
    [
      'an invalid traceparent',
      { value: JSON.stringify(validOrder()), headers: { traceparent: 'zz-not-a-trace' } },
      'ready',
      undefined,
    ],
    [
      'an oversized traceparent',
      { value: JSON.stringify(validOrder()), headers: { traceparent: `00-${'a'.repeat(20_000)}-b7ad6b7169203331-01` } },
      'ready',
      undefined,
    ],
    [
      'a 10 kB baggage header',
      {
        value: JSON.stringify(validOrder()),
        headers: { baggage: Array.from({ length: 500 }, (_, i) => `k${i}=${'v'.repeat(15)}`).join(',') },
      },
      'ready',
      undefined,
    ],
  ];

  // Every row has four values: jest takes a test function with more parameters than its row for a done-callback test.
  describe.each([
    [TOPICS.orders, TOPICS.ordersDlq],
    [TOPICS.kitchen, TOPICS.kitchenDlq],
  ])('into %s', (topic, dlq) => {
    it.each(hostile)(
      '%s: goes where it belongs and the next good order completes',
      async (_, message, destination, reason) => {
        const marker = randomUUID();
        const key = message.key === null ? null : `hostile-${marker}`;
        const value = message.value;
        const orderId = destination === 'ready' ? JSON.parse(String(value)).orderId : undefined;
        await producer.send({
          topic,
          acks: -1,
          messages: [{ key, value, headers: { ...message.headers, 'x-test-marker': marker } }],
        });

        if (destination === 'dlq') {
          const dead = await watcher.waitFor(
            (m) => m.topic === dlq && m.headers['x-test-marker']?.toString() === marker,
            15_000,
            `${dlq} message`,
          );
          expect(dead.headers['ituna-dlq-reason']!.toString()).toMatch(reason!);
          expect(dead.headers['ituna-dlq-source-topic']!.toString()).toBe(topic);
          const original = value === null ? Buffer.alloc(0) : Buffer.from(value as Buffer);
          if (original.length > 512 * 1024) {
            expect(dead.headers['ituna-dlq-truncated-from']!.toString()).toBe(String(original.length));
            expect(dead.value!.equals(original.subarray(0, 64 * 1024))).toBe(true);
          } else {
            expect((dead.value ?? Buffer.alloc(0)).equals(original)).toBe(true);
          }
        } else {
          await watcher.waitFor(
            (m) => m.topic === TOPICS.ready && m.key === orderId,
            15_000,
            `orders-ready for ${orderId}`,
          );
        }

        // The consumer keeps going: the next good order completes.
        const next = validOrder();
        await producer.send({ topic, acks: -1, messages: [{ key: next.orderId, value: JSON.stringify(next) }] });
        await watcher.waitFor((m) => m.topic === TOPICS.ready && m.key === next.orderId, 15_000, 'the next good order');
      },
    );
  });

  describe('POST /orders', () => {
    const port = PORTS['website-ordering'];
    const address = '4 Bluefin Road';
    it.each([
      ['malformed JSON', 400, '{"items": {"TUNA MAKI": 1}, "address": ', /^malformed JSON body/],
      ['a wrong type', 400, { items: { 'TUNA MAKI': 'two' }, address }, /^items\.TUNA MAKI: must be a number$/],
      ['an unknown field', 400, { items: { 'TUNA MAKI': 1 }, address, coupon: 'FREE' }, /^coupon: unknown field$/],
      ['a 1 MB body', 413, { items: { 'TUNA MAKI': 1 }, address: 'x'.repeat(1_000_000) }, /larger than the 64kb limit/],
      [
        '10 000 items',
        413,
        { items: Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`DISH ${i}`, 1])), address },
        /larger than the 64kb limit/,
      ],
      [
        '2 000 items (under the size limit)',
        400,
        { items: Object.fromEntries(Array.from({ length: 2_000 }, (_, i) => [`D${i}`, 1])), address },
        /unknown menu item.*; and \d+ more problems$/,
      ],
      ['a negative count', 400, { items: { 'TUNA MAKI': -3 }, address }, /^items\.TUNA MAKI: must be at least 1$/],
      [
        'control characters in the address',
        400,
        { items: { 'TUNA MAKI': 1 }, address: '4 Bluefin\u0007 Road\u0000' },
        /^address: must not contain control characters$/,
      ],
      ['a JSON array', 400, [1, 2], /^the body must be a JSON object$/],
    ])(
      '%s gets a %i with a clear message, no stack trace, and nothing is published',
      async (_, status, body, message) => {
        const before = watcher.seen.filter((m) => m.topic === TOPICS.orders).length;
        const answer = await post(port, '/orders', body);
        expect(answer.status).toBe(status);
        expect(answer.body.message).toMatch(message);
        expect(answer.text).not.toMatch(/\bat .*\.(js|ts):\d+/);
        await new Promise((r) => setTimeout(r, 300));
        expect(watcher.seen.filter((m) => m.topic === TOPICS.orders).length).toBe(before);
      },
    );
  });

  // Last, after everything above has been thrown at the services.
  describe('afterwards', () => {
    it('leaves no unhandled rejection or crash in any service log', () => {
      for (const service of fleet.running.values()) {
        expect(service.process.exitCode).toBeNull();
        const log = readFileSync(service.logFile, 'utf8');
        expect(log).not.toMatch(/unhandled ?rejection|UnhandledPromiseRejection|uncaught ?exception/i);
      }
    });
  });
});
