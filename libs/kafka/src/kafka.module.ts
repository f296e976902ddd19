import { DynamicModule, Global, Module, OnApplicationBootstrap, Inject, Injectable, Type } from '@nestjs/common';
import { ClientProxy, ClientsModule, ClientKafka } from '@nestjs/microservices';
import { TerminusModule } from '@nestjs/terminus';
import { DeadLetterPublisher } from './dead-letter.publisher';
import { DEFAULT_DEAD_LETTER_LIMITS } from './dead-letter-record';
import { deliveryPolicyFromEnv } from './delivery/delivery-policy';
import { KafkaDeliveryInterceptor } from './delivery/kafka-delivery.interceptor';
import { KafkaHealthIndicator } from './kafka.health';
import { KafkaConsumerHealthIndicator } from './consumer/kafka-consumer.health';
import { KafkaConsumerSupervisor } from './consumer/kafka-consumer.supervisor';
import {
  DEAD_LETTER_LIMITS,
  DELIVERY_MODE,
  DELIVERY_POLICY,
  KAFKA_PRODUCER,
  KAFKA_SERVICE_NAME,
} from './kafka.constants';
import { kafkaProducerOptions } from './kafka-transport-options';
import { deliveryModeFromEnv } from './transaction/delivery-mode';
import { KafkaTransactions } from './transaction/kafka-transactions';
import { TransactionalClientKafka } from './transaction/transactional-client-kafka';

/** Connects the producer at start-up, so the first order does not pay for the connection. */
@Injectable()
class ProducerConnector implements OnApplicationBootstrap {
  constructor(@Inject(KAFKA_PRODUCER) private readonly producer: ClientKafka) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.producer.connect();
  }
}

/**
 * The producer-only ClientKafka (token KAFKA_PRODUCER; inside an exactly-once handler its writes
 * join the message's transaction), the dead-letter publisher, the consumers' delivery interceptor
 * (retries, dead letters, transactions) and Kafka health.
 */
// (The cast: Nest types customClass as a ClientProxy of string statuses, ClientKafka narrows them.)
@Global()
@Module({})
export class KafkaModule {
  static forService(serviceName: string): DynamicModule {
    return {
      module: KafkaModule,
      imports: [
        TerminusModule,
        // Async: the options read the environment once the app's ConfigModule has checked it.
        ClientsModule.registerAsync([
          {
            name: KAFKA_PRODUCER,
            useFactory: () => ({
              customClass: TransactionalClientKafka as unknown as Type<ClientProxy>,
              options: kafkaProducerOptions(serviceName),
            }),
          },
        ]),
      ],
      providers: [
        ProducerConnector,
        DeadLetterPublisher,
        KafkaDeliveryInterceptor,
        KafkaHealthIndicator,
        KafkaConsumerSupervisor,
        KafkaConsumerHealthIndicator,
        { provide: KAFKA_SERVICE_NAME, useValue: serviceName },
        KafkaTransactions,
        { provide: DELIVERY_POLICY, useFactory: () => deliveryPolicyFromEnv() },
        { provide: DELIVERY_MODE, useFactory: () => deliveryModeFromEnv() },
        { provide: DEAD_LETTER_LIMITS, useValue: DEFAULT_DEAD_LETTER_LIMITS },
      ],
      exports: [
        ClientsModule,
        DeadLetterPublisher,
        KafkaDeliveryInterceptor,
        KafkaTransactions,
        DELIVERY_MODE,
        KafkaHealthIndicator,
        KafkaConsumerSupervisor,
        KafkaConsumerHealthIndicator,
        KAFKA_SERVICE_NAME,
      ],
    };
  }
}
