import type { OrderRejection } from './events';
import type { Order } from './order';
import { SPANS } from './spans';

// The business rules of order-validation's three steps: what an order must be to reach the kitchen,
// and the `step` and `reason` that orders-rejected carries when it is not. Pure and free of NestJS,
// so that the bench's kafkajs relay applies the very same ones. Each gives the order's rejection, or
// undefined when the order passes.

/** Sushi travels to a door: no PO boxes, and a house number is needed. Only website orders are delivered. */
export function addressRule(order: Order): OrderRejection | undefined {
  if (order.channel !== 'website') return undefined;
  const address = order.address ?? '';
  if (/\bP\.?\s*O\.?\s*Box\b/i.test(address))
    return { step: SPANS.validateAddress, reason: 'cannot deliver to a PO box' };
  if (!/\d/.test(address)) return { step: SPANS.validateAddress, reason: 'address needs a house number' };
  return undefined;
}

/** Customers on the blocked list (ITUNA_BLOCKED_CUSTOMERS, comma-separated ids) are refused. */
export function nameRule(order: Order, blocked: ReadonlySet<string>): OrderRejection | undefined {
  return blocked.has(order.customerId)
    ? { step: SPANS.validateName, reason: 'customer is on the blocked list' }
    : undefined;
}

/** The counter stocks this many of each dish per order. */
export const STOCK_PER_ITEM = 12;

export function inventoryRule(order: Order): OrderRejection | undefined {
  const short = Object.entries(order.items).filter(([, count]) => count > STOCK_PER_ITEM);
  if (!short.length) return undefined;
  const shortages = short.map(([item, count]) => `${count} x ${item} ordered, ${STOCK_PER_ITEM} in stock`);
  return { step: SPANS.validateInventory, reason: `inventory short: ${shortages.join('; ')}` };
}

/** The three rules in the order the steps run: the first rejection, or undefined when all pass. */
export function firstRejection(order: Order, blocked: ReadonlySet<string>): OrderRejection | undefined {
  return addressRule(order) ?? nameRule(order, blocked) ?? inventoryRule(order);
}
