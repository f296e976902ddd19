import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { startKafka, type ScramUser } from '@ituna/stack';
import { SecondBroker } from './second-broker';

export const SECURE_PORT = 19092;
export const SCRAM_USER: ScramUser = { name: 'ituna', password: 'scram-secret-7f3a9c' };

/** A second native broker that only accepts SASL/SCRAM-SHA-512 clients, in its own folder. */
export class SecureKafka extends SecondBroker {
  constructor() {
    super(SECURE_PORT, join(__dirname, '..', '..', '..', '..', 'tmp', 'secure-kafka'));
  }

  async start(): Promise<void> {
    rmSync(this.dir, { recursive: true, force: true });
    this.pid = await startKafka(
      { port: SECURE_PORT, controllerPort: 19093, scram: { internalPort: 19094 } },
      { dir: this.dir, scramUsers: [SCRAM_USER], shortLived: true },
    );
    await this.waitUntilUp('SASL');
  }

  client(password = SCRAM_USER.password): Kafka {
    return new Kafka({
      clientId: 'ituna-e2e-sasl',
      brokers: [`127.0.0.1:${SECURE_PORT}`],
      sasl: { mechanism: 'scram-sha-512', username: SCRAM_USER.name, password },
      logLevel: logLevel.NOTHING,
      retry: { retries: 2 },
    });
  }

  env(password: string): NodeJS.ProcessEnv {
    return {
      KAFKA_BROKERS: `127.0.0.1:${SECURE_PORT}`,
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: SCRAM_USER.name,
      KAFKA_SASL_PASSWORD: password,
    };
  }
}
