import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { startKafka } from '@ituna/stack';
import { SecondBroker } from './second-broker';

export const FRESH_PORT = 19392;

/** A plaintext native broker formatted anew for the test: no topics, no groups, no coordinators loaded yet. */
export class FreshKafka extends SecondBroker {
  constructor() {
    super(FRESH_PORT, join(__dirname, '..', '..', '..', '..', 'tmp', 'fresh-kafka'));
  }

  async start(): Promise<void> {
    rmSync(this.dir, { recursive: true, force: true });
    this.pid = await startKafka({ port: FRESH_PORT, controllerPort: 19393 }, { dir: this.dir, shortLived: true });
    await this.waitUntilUp('fresh');
  }

  client(): Kafka {
    return new Kafka({
      clientId: 'ituna-e2e-fresh',
      brokers: [`127.0.0.1:${FRESH_PORT}`],
      logLevel: logLevel.NOTHING,
      retry: { retries: 2 },
    });
  }

  env(): NodeJS.ProcessEnv {
    return { KAFKA_BROKERS: `127.0.0.1:${FRESH_PORT}` };
  }
}
