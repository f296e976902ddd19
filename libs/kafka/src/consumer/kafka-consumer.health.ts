import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { KafkaConsumerSupervisor } from './kafka-consumer.supervisor';

/**
 * Up while the service's Kafka consumer runs (joined, starting or rebalancing), down while it is
 * stopped or crash-looping; a service without a consumer reports `not consuming`, up.
 */
@Injectable()
export class KafkaConsumerHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    private readonly supervisor: KafkaConsumerSupervisor,
  ) {}

  isHealthy(key = 'consumer') {
    const indicator = this.health.check(key);
    const { healthy, reason, ...details } = this.supervisor.health();
    return healthy ? indicator.up(details) : indicator.down({ ...details, message: reason });
  }
}
