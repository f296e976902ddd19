import {
  DynamicModule,
  Global,
  Inject,
  Injectable,
  Module,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { KafkaClient } from './client/kafka-client';
import { KafkaHealthIndicator } from './client/kafka.health';
import { DEAD_LETTER_LIMITS, KAFKA_PRODUCER, KAFKA_SETTINGS } from './config/kafka.constants';
import { kafkaSettings } from './config/kafka-settings';
import { KafkaConsumerHealthIndicator } from './consumer/kafka-consumer.health';
import { KafkaConsumerSupervisor } from './consumer/kafka-consumer.supervisor';
import { DEFAULT_DEAD_LETTER_LIMITS } from './dead-letter/dead-letter-record';
import { DeadLetterPublisher } from './dead-letter/dead-letter.publisher';
import { KafkaDeliveryInterceptor } from './delivery/kafka-delivery.interceptor';
import { KafkaProducerClient } from './producer/kafka-producer.client';
import { PartitionWorkers } from './worker/partition-workers';

/** Connects the producer at start-up, so the first order does not pay for the connection, and closes it last. */
@Injectable()
class ProducerLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(KAFKA_PRODUCER) private readonly producer: KafkaProducerClient) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.producer.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.producer.close();
  }
}

/**
 * A service's Kafka: its settings (read from the environment once), its one kafkajs client, the
 * producer that sends at once (KAFKA_PRODUCER, for HTTP handlers), the partitions' workers that
 * consume, commit and own the outboxes, the delivery interceptor, the dead letters and the health
 * indicators.
 */
@Global()
@Module({})
export class KafkaModule {
  static forService(serviceName: string): DynamicModule {
    return {
      module: KafkaModule,
      imports: [TerminusModule],
      providers: [
        { provide: KAFKA_SETTINGS, useFactory: () => kafkaSettings(serviceName) },
        KafkaClient,
        {
          provide: KAFKA_PRODUCER,
          useFactory: (client: KafkaClient) => new KafkaProducerClient(client),
          inject: [KafkaClient],
        },
        ProducerLifecycle,
        { provide: DEAD_LETTER_LIMITS, useValue: DEFAULT_DEAD_LETTER_LIMITS },
        DeadLetterPublisher,
        PartitionWorkers,
        KafkaDeliveryInterceptor,
        KafkaHealthIndicator,
        KafkaConsumerSupervisor,
        KafkaConsumerHealthIndicator,
      ],
      exports: [
        KAFKA_SETTINGS,
        KafkaClient,
        KAFKA_PRODUCER,
        DeadLetterPublisher,
        PartitionWorkers,
        KafkaDeliveryInterceptor,
        KafkaHealthIndicator,
        KafkaConsumerSupervisor,
        KafkaConsumerHealthIndicator,
      ],
    };
  }
}
