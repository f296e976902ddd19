import { randomInt, randomUUID } from 'node:crypto';
import { MENU } from './menu';
import type { Channel, Order, OrderItems } from './order';

const STREETS = ['Harbour Street', 'Market Lane', 'Bluefin Road', 'Wasabi Avenue', 'Pier Way', 'Kelp Close'];

/** Like the original: 2 to 5 distinct menu items, 1 to 5 of each. */
export function randomItems(): OrderItems {
  const names = [...MENU].sort(() => Math.random() - 0.5).slice(0, randomInt(2, 6));
  return Object.fromEntries(names.map((name) => [name, randomInt(1, 6)]));
}

export function randomAddress(): string {
  return `${randomInt(1, 200)} ${STREETS[randomInt(STREETS.length)]}`;
}

/** A random order of a channel, as the simulators place them. */
export function randomOrder(channel: Channel): Order {
  return {
    orderId: randomUUID(),
    customerId: randomUUID(),
    channel,
    items: randomItems(),
    ...(channel === 'website' ? { address: randomAddress() } : {}),
    ...(channel === 'onsite' ? { table: randomInt(1, 16) } : {}),
    placedAt: new Date().toISOString(),
  };
}
