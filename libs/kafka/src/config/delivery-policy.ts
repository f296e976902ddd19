import { kafkaEnv, type KafkaEnv } from './kafka-env.schema';

/** How a consumer treats a message whose handler fails (see KafkaDeliveryInterceptor). */
export interface DeliveryPolicy {
  /** Tries of a failing handler before its message is dead-lettered (ITUNA_HANDLER_ATTEMPTS). */
  attempts: number;
  /** Pause before the second try, doubled for each further one (ITUNA_HANDLER_BACKOFF_MS). */
  backoffMs: number;
  /** Longest pause between two tries of a write that Kafka would not take. */
  maxKafkaBackoffMs: number;
  /** How often the log says that a partition is held because Kafka takes no writes. */
  logIntervalMs: number;
}

// 3 tries, 300 then 600 ms apart: a failing order leaves its partition in about a second.
export const DEFAULT_DELIVERY_POLICY: DeliveryPolicy = {
  attempts: 3,
  backoffMs: 300,
  maxKafkaBackoffMs: 5000,
  logIntervalMs: 10_000,
};

export function deliveryPolicyOf(vars: KafkaEnv): DeliveryPolicy {
  return {
    ...DEFAULT_DELIVERY_POLICY,
    attempts: vars.ITUNA_HANDLER_ATTEMPTS ?? DEFAULT_DELIVERY_POLICY.attempts,
    backoffMs: vars.ITUNA_HANDLER_BACKOFF_MS ?? DEFAULT_DELIVERY_POLICY.backoffMs,
  };
}

export function deliveryPolicyFromEnv(env: NodeJS.ProcessEnv = process.env): DeliveryPolicy {
  return deliveryPolicyOf(kafkaEnv(env));
}

/** Exponential back-off before try `attempt + 1`: base·2^(attempt-1), at most max, with ±20% jitter so retries spread out. */
export function backoffDelay(
  attempt: number,
  baseMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const plain = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(plain * (0.8 + 0.4 * random()));
}
