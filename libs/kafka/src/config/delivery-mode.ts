import { DELIVERY_MODES, kafkaEnv, type KafkaEnv } from './kafka-env.schema';

/**
 * How a consuming service hands its results on (ITUNA_DELIVERY):
 * - `exactly-once`: what a handler writes, the keys it marks processed and the offset of the
 *   message it handled are committed in one Kafka transaction, and consumers read committed data
 *   only; a crash or a fault at any moment leaves all of them or none.
 * - `at-least-once`: once a handler is done, its records are sent, then its marks, then the offset
 *   is committed; a fault between them redelivers the message, and its result can appear twice.
 */
export type DeliveryMode = (typeof DELIVERY_MODES)[number];

/** Exactly-once unless ITUNA_DELIVERY says otherwise. */
export function deliveryModeOf(vars: KafkaEnv): DeliveryMode {
  return vars.ITUNA_DELIVERY ?? 'exactly-once';
}

/** The same, from the environment; any other value is refused, naming the choices. */
export function deliveryModeFromEnv(env: NodeJS.ProcessEnv = process.env): DeliveryMode {
  return deliveryModeOf(kafkaEnv(env));
}
