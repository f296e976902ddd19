/* eslint-disable @typescript-eslint/no-require-imports */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';

const kafkaStack = require('../../../../tools/stack/kafka');
const { stopPid } = require('../../../../tools/stack/processes');
const { isPortOpen } = require('../../../../tools/stack/probes');

export const SECURE_PORT = 19092;
export const SCRAM_USER = { name: 'ituna', password: 'scram-secret-7f3a9c' };

/** A second native broker that only accepts SASL/SCRAM-SHA-512 clients, in its own folder. */
export class SecureKafka {
  private pid?: number;
  readonly dir = join(__dirname, '..', '..', '..', '..', 'tmp', 'secure-kafka');

  async start(): Promise<void> {
    rmSync(this.dir, { recursive: true, force: true });
    this.pid = await kafkaStack.start({ port: SECURE_PORT, controllerPort: 19093, scram: { internalPort: 19094 } }, { dir: this.dir, scramUsers: [SCRAM_USER] });
    const deadline = Date.now() + 90_000;
    while (!(await this.answers())) {
      if (Date.now() > deadline) throw new Error(`the SASL broker did not come up; see ${join(this.dir, 'logs')}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }

  /** Ready when an authenticated client gets metadata. */
  private async answers(): Promise<boolean> {
    if (!(await isPortOpen('127.0.0.1', SECURE_PORT))) return false;
    const admin = this.client(SCRAM_USER.password).admin();
    try {
      await admin.connect();
      await admin.describeCluster();
      return true;
    } catch {
      return false;
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  client(password: string): Kafka {
    return new Kafka({
      clientId: 'ituna-e2e-sasl',
      brokers: [`127.0.0.1:${SECURE_PORT}`],
      sasl: { mechanism: 'scram-sha-512', username: SCRAM_USER.name, password },
      logLevel: logLevel.NOTHING,
      retry: { retries: 2 },
    });
  }

  env(password: string): NodeJS.ProcessEnv {
    return { KAFKA_BROKERS: `127.0.0.1:${SECURE_PORT}`, KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: SCRAM_USER.name, KAFKA_SASL_PASSWORD: password };
  }

  async stop(): Promise<void> {
    if (this.pid) await stopPid(this.pid, { graceMs: 15_000 });
  }
}
