/** Kafka topics of the pipeline (a contract: other tools read them by these names). */
export const TOPICS = {
  /** Placed orders, waiting for validation. */
  orders: 'ituna-orders',
  /** Validated and direct orders, for the kitchen. */
  kitchen: 'kitchen-orders',
  /** Cooked orders (the end of an order's trace). */
  ready: 'orders-ready',
  /** Orders validation refused, with the reason. */
  rejected: 'orders-rejected',
  /** Messages order-validation could not take (unreadable, or failed on every try), with the reason in a header. */
  ordersDlq: 'ituna-orders.dlq',
  /** The same for kitchen-service. */
  kitchenDlq: 'kitchen-orders.dlq',
} as const;

export type Topic = (typeof TOPICS)[keyof typeof TOPICS];

/** Every topic is created at start-up with this many partitions; the key is the order id. */
export const TOPIC_PARTITIONS = 3;

export const ALL_TOPICS: Topic[] = Object.values(TOPICS);

/** The dead-letter topic of a consumed topic. */
export function deadLetterTopicOf(topic: string): string {
  return `${topic}.dlq`;
}
