import { DELIVERY_MODES, kafkaEnv } from '../kafka-env.schema';

/**
 * How a consuming service hands its results on (ITUNA_DELIVERY):
 * - `exactly-once`: what a handler writes and the offset of the message it handled are committed
 *   in one Kafka transaction, and consumers read committed data only; a crash at any moment
 *   leaves either both or neither, so each result appears once downstream.
 * - `at-least-once`: a handler writes at once and the offset is committed after it; a crash
 *   between the two redelivers the message, and the result can appear twice.
 */
export type DeliveryMode = (typeof DELIVERY_MODES)[number];

/** Exactly-once unless ITUNA_DELIVERY says otherwise; any other value is refused at start, naming the choices. */
export function deliveryModeFromEnv(env: NodeJS.ProcessEnv = process.env): DeliveryMode {
  return kafkaEnv(env).ITUNA_DELIVERY ?? 'exactly-once';
}
