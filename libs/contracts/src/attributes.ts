/** ITuna's own span attributes (the semantic-convention ones live in @ituna/tracing). */
export const ATTR_ITUNA_ORDER_ID = 'ituna.order.id';
export const ATTR_ITUNA_ORDER_CHANNEL = 'ituna.order.channel';
export const ATTR_ITUNA_ORDER_ITEM_COUNT = 'ituna.order.item_count';
export const ATTR_ITUNA_REJECTION_REASON = 'ituna.rejection.reason';
export const ATTR_ITUNA_DLQ_REASON = 'ituna.dlq.reason';
