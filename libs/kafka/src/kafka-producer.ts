import { ClientKafka } from '@nestjs/microservices';

/** The producer-only ClientKafka, injected with KAFKA_PRODUCER (see KafkaModule). */
export type KafkaProducer = ClientKafka;
