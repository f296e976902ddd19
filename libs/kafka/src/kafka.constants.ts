// The lib's DI tokens, all symbols, in one place (as packages/microservices keeps its constants.ts).

/** The producer-only ClientKafka (see KafkaModule). */
export const KAFKA_PRODUCER = Symbol('KAFKA_PRODUCER');

/** The service's name as this lib uses it: Kafka client id, transactional id prefix, dead-letter origin. */
export const KAFKA_SERVICE_NAME = Symbol('KAFKA_SERVICE_NAME');

/** The DeadLetterLimits. */
export const DEAD_LETTER_LIMITS = Symbol('DEAD_LETTER_LIMITS');

/** The consumers' DeliveryPolicy. */
export const DELIVERY_POLICY = Symbol('DELIVERY_POLICY');

/** The service's DeliveryMode. */
export const DELIVERY_MODE = Symbol('DELIVERY_MODE');
