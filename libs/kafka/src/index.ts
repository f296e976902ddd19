export { kafkaClientConfig } from './kafka-client-config';
export {
  consumerGroupOf,
  kafkaConsumerOptions,
  kafkaProducerOptions,
  KAFKA_SERVER_POSTFIX,
} from './kafka-transport-options';
export { ensureTopics, waitForLeaders } from './topic-setup';
export { waitForGroupCoordinator } from './group-coordinator';
export { isKafkaUnavailableError, isRetriableKafkaError, retryWhileRetriable } from './retriable';
export {
  DEAD_LETTER_LIMITS,
  DELIVERY_MODE,
  DELIVERY_POLICY,
  KAFKA_PRODUCER,
  KAFKA_SERVICE_NAME,
} from './kafka.constants';
export type { KafkaProducer } from './kafka-producer';
export { KafkaModule } from './kafka.module';
export { DeadLetterPublisher } from './dead-letter.publisher';
export type { DeadLetterDetail } from './dead-letter.publisher';
export { fitDeadLetter, DEFAULT_DEAD_LETTER_LIMITS } from './dead-letter-record';
export type { DeadLetterLimits, DeadLetterRecord } from './dead-letter-record';
export { KafkaDeliveryInterceptor } from './delivery/kafka-delivery.interceptor';
export { InvalidMessageError } from './delivery/invalid-message.error';
export { FatalConsumerError } from './delivery/fatal-consumer.error';
export { KafkaConsumerSupervisor } from './consumer/kafka-consumer.supervisor';
export type { ConsumerHealth, ConsumerState, SupervisorPolicy } from './consumer/kafka-consumer.supervisor';
export { KafkaConsumerHealthIndicator } from './consumer/kafka-consumer.health';
export { SupervisedServerKafka } from './consumer/supervised-server-kafka';
export { FatalConsumerErrorFilter } from './consumer/fatal-consumer-error.filter';
export { DEFAULT_DELIVERY_POLICY, deliveryPolicyFromEnv, backoffDelay } from './delivery/delivery-policy';
export type { DeliveryPolicy } from './delivery/delivery-policy';
export { registerCompressionCodecs, compressionFromEnv, COMPRESSION_TYPES } from './compression/compression';
export type { CompressionName } from './compression/compression';
export { KafkaHealthIndicator } from './kafka.health';
export { DELIVERY_MODES, deliveryModeFromEnv } from './transaction/delivery-mode';
export type { DeliveryMode } from './transaction/delivery-mode';
export { KafkaTransactions } from './transaction/kafka-transactions';
export { TransactionLane } from './transaction/transaction-lane';
export { nextOffsets } from './transaction/transaction-records';
export type { ConsumedMessage } from './transaction/transaction-records';
export { TransactionalClientKafka } from './transaction/transactional-client-kafka';
export { IdempotentSendQueue } from './producer/idempotent-send-queue';
export type { OutgoingRecords, ProducerHandle } from './producer/idempotent-send-queue';
export { withStagedRecords, stagedRecords } from './transaction/staged-records';
export { withBatchCommits, batchCommits } from './transaction/batch-commits';
export { DeliveryStoppedError } from './delivery/delivery-stopped.error';
export type { StagedRecord } from './transaction/staged-records';
