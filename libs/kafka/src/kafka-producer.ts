import { ClientKafka } from '@nestjs/microservices';

/** DI token of the producer-only ClientKafka (see KafkaModule). */
export const KAFKA_PRODUCER = 'KAFKA_PRODUCER';

export type KafkaProducer = ClientKafka;
