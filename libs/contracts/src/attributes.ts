// ITuna's own span attributes and events (the semantic-convention ones live in @ituna/tracing).

/** On every ITuna span of an order: the order's id (search Jaeger by it). */
export const ATTR_ITUNA_ORDER_ID = 'ituna.order.id';
/** On `place-order`: website, onsite or direct. */
export const ATTR_ITUNA_ORDER_CHANNEL = 'ituna.order.channel';
/** On `place-order`: how many items the order has. */
export const ATTR_ITUNA_ORDER_ITEM_COUNT = 'ituna.order.item_count';
/** On `validate-order` of a rejected order: why (the rejected event carries the same text). */
export const ATTR_ITUNA_REJECTION_REASON = 'ituna.rejection.reason';
/**
 * On every span Jaeger kept under tail sampling (set by the pipeline, tools/stack/jaeger/sampling-tail.yaml):
 * the percentage of ordinary traces kept (errors, rejections, dead letters and slow orders are all kept).
 */
export const ATTR_ITUNA_SAMPLING_PERCENT = 'ituna.sampling.percent';
/** On a dead-lettered message's consumer span and its `send <topic>.dlq`: why it was dead-lettered. */
export const ATTR_ITUNA_DLQ_REASON = 'ituna.dlq.reason';
/** On a consumer span: how many times the handler ran for the message (set when more than once). */
export const ATTR_ITUNA_DELIVERY_ATTEMPTS = 'ituna.delivery.attempts';
/** Event on a consumer span for each failed try of its handler, with the try's number and `error.type`. */
export const EVENT_ITUNA_DELIVERY_RETRY = 'ituna.delivery.retry';
/** On an `ituna.delivery.retry` event: the try's number. */
export const ATTR_ITUNA_DELIVERY_ATTEMPT = 'ituna.delivery.attempt';
/** On a consumer span: the order was already handled here (a redelivery or a retried placement), so it was skipped. */
export const ATTR_ITUNA_DUPLICATE = 'ituna.duplicate';
/** On `commit-transaction`: the service's delivery mode (exactly-once). */
export const ATTR_ITUNA_DELIVERY_MODE = 'ituna.delivery.mode';
/** On `commit-transaction`: the producer's transactional id. */
export const ATTR_ITUNA_TRANSACTIONAL_ID = 'ituna.kafka.transactional_id';
/** On `commit-transaction`: records the handler wrote in it. */
export const ATTR_ITUNA_TRANSACTION_RECORDS = 'ituna.kafka.transaction.records';
/** On `commit-transaction`: consumed messages committed in the same transaction (group commit). */
export const ATTR_ITUNA_TRANSACTION_MESSAGES = 'ituna.kafka.transaction.messages';
