export { kafkaClientConfig } from './kafka-client-config';
export { kafkaConsumerOptions, kafkaProducerOptions, KAFKA_SERVER_POSTFIX } from './kafka-transport-options';
export { ensureTopics } from './topic-setup';
export { KAFKA_PRODUCER } from './kafka-producer';
export type { KafkaProducer } from './kafka-producer';
export { SERVICE_NAME } from './service-name';
export { KafkaModule } from './kafka.module';
export { DeadLetterPublisher } from './dead-letter.publisher';
export { KafkaHealthIndicator } from './kafka.health';
