import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { asyncApiDocument } from './asyncapi';
import { OrderSchema } from './order';
import { TOPICS } from './topics';

describe('AsyncAPI document (docs/asyncapi.json)', () => {
  // Read as the committed JSON is read: plain data, any field.
  const document = JSON.parse(JSON.stringify(asyncApiDocument()));

  it('is the committed file: regenerate with `npm run docs:api` after changing a schema', () => {
    const committed = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'docs', 'asyncapi.json'), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(document)));
  });

  it('names every topic of the contract, each with a message', () => {
    const addresses = Object.values(document.channels as Record<string, { address: string; messages: object }>).map(
      (c) => c.address,
    );
    expect(addresses.sort()).toEqual(Object.values(TOPICS).sort());
  });

  it("describes the order as the consumers' zod schema does (menu items, counts, no unknown fields)", () => {
    const order = document.components.messages.Order.payload;
    expect(order.additionalProperties).toBe(false);
    expect(order.required).toEqual(expect.arrayContaining(['orderId', 'customerId', 'channel', 'items', 'placedAt']));
    expect(order.properties.items.propertyNames.enum).toContain('TUNA MAKI');
    expect(order.properties.items.additionalProperties).toMatchObject({ type: 'integer', minimum: 1, maximum: 20 });
    // The schema refuses what the document forbids.
    expect(
      OrderSchema.safeParse({
        orderId: crypto.randomUUID(),
        customerId: crypto.randomUUID(),
        channel: 'direct',
        items: { 'TUNA MAKI': 21 },
        placedAt: new Date().toISOString(),
      }).success,
    ).toBe(false);
  });

  it('documents the dead-letter headers, attempts and error class among them', () => {
    const headers = document.components.messages.DeadLetter.headers.properties;
    expect(Object.keys(headers)).toEqual(
      expect.arrayContaining(['ituna-dlq-reason', 'ituna-dlq-attempts', 'ituna-dlq-error', 'ituna-dlq-source-offset']),
    );
  });
});
