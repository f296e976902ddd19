import { z } from 'zod';
import { CHANNELS, ItemsSchema } from './order';
import type { Order } from './order';
import { SPANS } from './spans';

const DateTime = z.iso.datetime({ offset: true });

/** Value on `orders-ready`. */
export const OrderReadySchema = z.strictObject({
  orderId: z.uuid(),
  channel: z.enum(CHANNELS),
  /** The first dish of the order, as the original announced it. */
  dish: z.string().meta({ description: 'The first dish of the order, as the original announced it' }),
  items: ItemsSchema,
  placedAt: DateTime,
  readyAt: DateTime,
});
export type OrderReady = z.infer<typeof OrderReadySchema>;

/** Value on `orders-rejected`: a valid order that failed a business rule. */
export const OrderRejectedSchema = z.strictObject({
  orderId: z.uuid(),
  channel: z.enum(CHANNELS),
  /** The validation step (its span's name) whose rule refused the order. */
  step: z.enum([SPANS.validateAddress, SPANS.validateName, SPANS.validateInventory]),
  reason: z.string(),
  rejectedAt: DateTime,
});
export type OrderRejected = z.infer<typeof OrderRejectedSchema>;

/** The `orders-ready` value of a cooked order; the dish announced is its first, as the original did. */
export function orderReady(order: Order, at = new Date()): OrderReady {
  const { orderId, channel, items, placedAt } = order;
  return { orderId, channel, dish: Object.keys(items)[0], items, placedAt, readyAt: at.toISOString() };
}

/** A business rule's verdict on an order: which step refused it and why (the heart of OrderRejected). */
export type OrderRejection = Pick<OrderRejected, 'step' | 'reason'>;

/** The `orders-rejected` value of an order a rule refused. */
export function orderRejected(
  order: Pick<Order, 'orderId' | 'channel'>,
  rejection: OrderRejection,
  at = new Date(),
): OrderRejected {
  return { orderId: order.orderId, channel: order.channel, ...rejection, rejectedAt: at.toISOString() };
}

/** Headers a dead-lettered message carries besides its original ones. */
export const DLQ_HEADERS = {
  reason: 'ituna-dlq-reason',
  sourceTopic: 'ituna-dlq-source-topic',
  sourcePartition: 'ituna-dlq-source-partition',
  sourceOffset: 'ituna-dlq-source-offset',
  service: 'ituna-dlq-service',
  failedAt: 'ituna-dlq-failed-at',
  /** Set when the value was cut to fit the dead-letter topic: the original size in bytes. */
  truncatedFrom: 'ituna-dlq-truncated-from',
  /** How many times the handler ran before the message was dead-lettered. */
  attempts: 'ituna-dlq-attempts',
  /** The class of the error that sent it here (e.g. InvalidMessageError, InjectedFaultError). */
  error: 'ituna-dlq-error',
  /** Set when original headers were left out to fit the record: how many. */
  headersDropped: 'ituna-dlq-headers-dropped',
} as const;
