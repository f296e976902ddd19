import type { CompressionTypes, KafkaConfig } from 'kafkajs';
import { COMPRESSION_TYPES, type CompressionName } from '../compression/compression';
import { kafkaClientConfig } from './kafka-client-config';
import { deliveryModeOf, type DeliveryMode } from './delivery-mode';
import { deliveryPolicyOf, type DeliveryPolicy } from './delivery-policy';
import { kafkaEnv } from './kafka-env.schema';

/**
 * Everything libs/kafka reads from the environment, read once when the service starts (the
 * KAFKA_SETTINGS provider) and handed to whatever needs it.
 */
export interface KafkaSettings {
  /** The service's name: client id, transactional id prefix, dead-letter origin, consumer group. */
  serviceName: string;
  /** kafkajs's client settings: brokers, TLS, SASL, timeouts and retries. */
  client: KafkaConfig;
  /** The codec every record is written with (KAFKA_COMPRESSION). */
  compression: CompressionTypes;
  /** Idempotent producers (KAFKA_IDEMPOTENT, on by default). */
  idempotent: boolean;
  delivery: DeliveryMode;
  policy: DeliveryPolicy;
  /** The start of each partition's transactional id (ITUNA_TRANSACTIONAL_ID, by default the service's name). */
  transactionalIdPrefix: string;
}

/** The settings of `serviceName` from `env`; a bad value throws, naming the variable. */
export function kafkaSettings(serviceName: string, env: NodeJS.ProcessEnv = process.env): KafkaSettings {
  const vars = kafkaEnv(env);
  return {
    serviceName,
    client: kafkaClientConfig(serviceName, env),
    compression: COMPRESSION_TYPES[(vars.KAFKA_COMPRESSION ?? 'none') as CompressionName],
    idempotent: vars.KAFKA_IDEMPOTENT ?? true,
    delivery: deliveryModeOf(vars),
    policy: deliveryPolicyOf(vars),
    transactionalIdPrefix: vars.ITUNA_TRANSACTIONAL_ID || serviceName,
  };
}
