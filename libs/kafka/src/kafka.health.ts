import { Injectable, OnModuleDestroy, Inject } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { Admin, Kafka, logLevel } from 'kafkajs';
import { kafkaClientConfig } from './kafka-client-config';
import { KAFKA_SERVICE_NAME } from './kafka.constants';

/** Healthy when the cluster answers a metadata request within the timeout. */
@Injectable()
export class KafkaHealthIndicator implements OnModuleDestroy {
  private admin?: Admin;

  constructor(
    private readonly health: HealthIndicatorService,
    @Inject(KAFKA_SERVICE_NAME) private readonly serviceName: string,
  ) {}

  async isHealthy(key = 'kafka', timeoutMs = 2000) {
    const indicator = this.health.check(key);
    try {
      this.admin ??= new Kafka({
        ...kafkaClientConfig(`${this.serviceName}-health`),
        logLevel: logLevel.NOTHING,
        retry: { retries: 0 },
      }).admin();
      const admin = this.admin;
      const cluster = await Promise.race([
        admin.connect().then(() => admin.describeCluster()),
        new Promise<never>((_, reject) => {
          setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs).unref();
        }),
      ]);
      return indicator.up({ brokers: cluster.brokers.length });
    } catch (err) {
      // A fresh client next time: a broken connection must not stick.
      await this.admin?.disconnect().catch(() => undefined);
      this.admin = undefined;
      return indicator.down({ message: (err as Error).message });
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.admin?.disconnect().catch(() => undefined);
  }
}
