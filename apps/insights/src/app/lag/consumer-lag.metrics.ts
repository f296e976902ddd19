import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { Gauge, Registry } from 'prom-client';
import { SharedAdmin, kafkaClientConfig } from '@ituna/kafka';
import { LAG_METRIC } from '@ituna/trace-analysis';
import { readConsumerLag, type PartitionLag } from './consumer-lag';

/**
 * The consumer lag of ITuna's groups as Prometheus gauges, read from the brokers at each scrape (so
 * Prometheus keeps it over time and nothing is read when nobody asks).
 */
@Injectable()
export class ConsumerLagMetrics implements OnModuleDestroy {
  readonly registry = new Registry();
  // Connected again at the next scrape after a failure: the brokers may have moved or restarted.
  private readonly admin = new SharedAdmin(() =>
    new Kafka({ ...kafkaClientConfig('ituna-insights'), retry: { retries: 1 } }).admin(),
  );
  private reading?: Promise<PartitionLag[]>;

  constructor() {
    const lagOf = () => this.lag();
    new Gauge({
      name: LAG_METRIC,
      help: "Messages written to a partition and not yet committed by the consumer group (the broker's end offset less the group's committed offset)",
      labelNames: ['group', 'topic', 'partition'],
      registers: [this.registry],
      async collect() {
        const rows = await lagOf();
        this.reset();
        for (const r of rows) this.set({ group: r.group, topic: r.topic, partition: String(r.partition) }, r.lag);
      },
    });
  }

  /** One read at a time: scrapes that come while one runs share it. */
  private lag(): Promise<PartitionLag[]> {
    this.reading ??= this.read().finally(() => (this.reading = undefined));
    return this.reading;
  }

  private read(): Promise<PartitionLag[]> {
    return this.admin.use(readConsumerLag);
  }

  async onModuleDestroy(): Promise<void> {
    await this.admin.close();
  }
}
