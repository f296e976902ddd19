// The lib's DI tokens, all symbols, in one place (as packages/microservices keeps its constants.ts).

/** The producer-only ClientKafka that sends at once (see KafkaModule). */
export const KAFKA_PRODUCER = Symbol('KAFKA_PRODUCER');

/** The KafkaSettings, read from the environment once. */
export const KAFKA_SETTINGS = Symbol('KAFKA_SETTINGS');

/** The DeadLetterLimits. */
export const DEAD_LETTER_LIMITS = Symbol('DEAD_LETTER_LIMITS');

/**
 * Optional: awaited inside every transaction, after its records and offsets are sent and before
 * its commit (libs/runtime provides the fault injection's `commit-transaction` step here, so that
 * tests can hold transactions open while they pause or cut what they run on).
 */
export const KAFKA_BEFORE_COMMIT = Symbol('KAFKA_BEFORE_COMMIT');
