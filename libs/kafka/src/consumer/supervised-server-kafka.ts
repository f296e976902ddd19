import { KafkaOptions, ServerKafka } from '@nestjs/microservices';
import type { Consumer } from 'kafkajs';

/**
 * Nest's Kafka server, telling `onConsumer` about each kafkajs consumer it creates (at start and
 * at every restart) before the consumer connects, so that no event of its group join is missed.
 */
export class SupervisedServerKafka extends ServerKafka {
  constructor(
    options: Required<KafkaOptions>['options'],
    private readonly onConsumer: (consumer: Consumer) => void,
  ) {
    super(options);
  }

  protected override registerConsumerEventListeners(): void {
    super.registerConsumerEventListeners();
    if (this.consumer) this.onConsumer(this.consumer);
  }
}
