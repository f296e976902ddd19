import type { Channel, OrderItems } from './order';

/** Value on `orders-ready`. */
export interface OrderReady {
  orderId: string;
  channel: Channel;
  /** The first dish of the order, as the original announced it. */
  dish: string;
  items: OrderItems;
  placedAt: string;
  readyAt: string;
}

/** Value on `orders-rejected`: a valid order that failed a business rule. */
export interface OrderRejected {
  orderId: string;
  channel: Channel;
  step: 'validate-address' | 'validate-name' | 'validate-inventory';
  reason: string;
  rejectedAt: string;
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
