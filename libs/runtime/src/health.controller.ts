import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { KafkaConsumerHealthIndicator, KafkaHealthIndicator } from '@ituna/kafka';

/**
 * `GET /health`: 200 when the service, its Kafka connection and (in a consuming service) its
 * Kafka consumer are fine, 503 otherwise: a consumer that kafkajs stopped is not healthy.
 */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly kafka: KafkaHealthIndicator,
    private readonly consumer: KafkaConsumerHealthIndicator,
  ) {}

  @Get()
  // Terminus would load @nestjs/swagger (0.1 s of every start) to describe this route; the ordering
  // services' OpenAPI document describes it already, and the other services have none.
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  check() {
    return this.health.check([() => this.kafka.isHealthy(), () => this.consumer.isHealthy()]);
  }
}
