import { Topic } from './topics';

/**
 * ITuna's span names (a contract: the report, the insights page and the e2e suite find an order's
 * steps by them). `@Traced(SPANS.x)` names the step where it runs.
 */
export const SPANS = {
  /** Ordering services: an order checked, given its id and published (below `POST /orders`). */
  placeOrder: 'place-order',
  /** order-validation: the three checks of one order; a rejected order's reason is on it. */
  validateOrder: 'validate-order',
  validateAddress: 'validate-address',
  validateName: 'validate-name',
  validateInventory: 'validate-inventory',
  /** kitchen-service: one order cooked, then its two steps. */
  cookOrder: 'cook-order',
  cutFish: 'cut-fish',
  plate: 'plate',
  /** libs/kafka: a consumed message's Kafka transaction (ITUNA_DELIVERY=exactly-once). */
  commitTransaction: 'commit-transaction',
} as const;

export type SpanName = (typeof SPANS)[keyof typeof SPANS];

/** The PRODUCER span of a message sent to a topic (OpenTelemetry messaging conventions). */
export function sendSpanOf<T extends string = Topic>(topic: T): `send ${T}` {
  return `send ${topic}`;
}

/** The CONSUMER span of a message processed from a topic (OpenTelemetry messaging conventions). */
export function processSpanOf<T extends string = Topic>(topic: T): `process ${T}` {
  return `process ${topic}`;
}
