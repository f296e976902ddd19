import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { Kafka, type Admin } from 'kafkajs';
import { Gauge, Registry } from 'prom-client';
import { kafkaClientConfig } from '@ituna/kafka';
import { LAG_METRIC } from '@ituna/trace-analysis';
import { readConsumerLag } from './consumer-lag';

/**
 * The consumer lag of ITuna's groups as Prometheus gauges, read from the brokers at each scrape (so
 * Prometheus keeps it over time and nothing is read when nobody asks).
 */
@Injectable()
export class ConsumerLagMetrics implements OnModuleDestroy {
  readonly registry = new Registry();
  private admin?: Promise<Admin>;

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

  private async lag() {
    this.admin ??= (async () => {
      const admin = new Kafka({ ...kafkaClientConfig('ituna-insights'), retry: { retries: 1 } }).admin();
      await admin.connect();
      return admin;
    })();
    try {
      return await readConsumerLag(await this.admin);
    } catch (err) {
      // Connect again at the next scrape: the brokers may have moved or restarted.
      const admin = this.admin;
      this.admin = undefined;
      await admin.then((a) => a.disconnect()).catch(() => undefined);
      throw err;
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.admin?.then((a) => a.disconnect()).catch(() => undefined);
  }
}
