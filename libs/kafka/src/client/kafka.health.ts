import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { KafkaClient } from './kafka-client';

/** Healthy when the cluster answers a metadata request within the timeout. */
@Injectable()
export class KafkaHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    private readonly client: KafkaClient,
  ) {}

  async isHealthy(key = 'kafka', timeoutMs = 2000) {
    const indicator = this.health.check(key);
    try {
      const cluster = await Promise.race([
        this.client.admin.use((admin) => admin.describeCluster()),
        new Promise<never>((_, reject) => {
          setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs).unref();
        }),
      ]);
      return indicator.up({ brokers: cluster.brokers.length });
    } catch (err) {
      return indicator.down({ message: (err as Error).message });
    }
  }
}
