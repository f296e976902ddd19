import type { Order } from '@ituna/contracts';

/** The business rules of each validation step: undefined when the order passes, else the reason. */

/** Sushi travels to a door: no PO boxes, and a house number is needed. Only website orders are delivered. */
export function addressProblem(order: Order): string | undefined {
  if (order.channel !== 'website') return undefined;
  const address = order.address ?? '';
  if (/\bP\.?\s*O\.?\s*Box\b/i.test(address)) return 'cannot deliver to a PO box';
  if (!/\d/.test(address)) return 'address needs a house number';
  return undefined;
}

/** Customers on the blocked list (ITUNA_BLOCKED_CUSTOMERS, comma-separated ids) are refused. */
export function nameProblem(order: Order, blocked: ReadonlySet<string>): string | undefined {
  return blocked.has(order.customerId) ? 'customer is on the blocked list' : undefined;
}

/** The counter stocks this many of each dish per order. */
export const STOCK_PER_ITEM = 12;

export function inventoryProblem(order: Order): string | undefined {
  const short = Object.entries(order.items).filter(([, count]) => count > STOCK_PER_ITEM);
  if (!short.length) return undefined;
  return `inventory short: ${short.map(([item, count]) => `${count} x ${item} ordered, ${STOCK_PER_ITEM} in stock`).join('; ')}`;
}
