import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Kafka } from 'kafkajs';
import { TOPICS } from '@ituna/contracts';
import { retryWhileRetriable, waitForLeaders } from '@ituna/kafka';
import { isPortOpen, stopPid } from '@ituna/stack';

/** A native broker of a test's own (its own port and folder) beside the stack's, stopped by the test. */
export abstract class SecondBroker {
  protected pid?: number;

  constructor(
    readonly port: number,
    readonly dir: string,
  ) {}

  /** A client the broker accepts. */
  abstract client(): Kafka;

  /** Resolves once a client the broker accepts gets metadata. */
  protected async waitUntilUp(what: string): Promise<void> {
    const deadline = Date.now() + 90_000;
    while (!(await this.answers())) {
      if (Date.now() > deadline) throw new Error(`the ${what} broker did not come up; see ${join(this.dir, 'logs')}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }

  private async answers(): Promise<boolean> {
    if (!(await isPortOpen('127.0.0.1', this.port))) return false;
    const admin = this.client().admin();
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

  async stop(): Promise<void> {
    if (this.pid) await stopPid(this.pid, { graceMs: 15_000 });
  }
}

/** The keys arriving on orders-ready, read through `kafka` (a client of a second broker). */
export async function watchOrdersReady(kafka: Kafka) {
  // On a freshly formatted broker the services have only just created the topic.
  const admin = kafka.admin();
  await admin.connect();
  try {
    await waitForLeaders(admin, [TOPICS.ready]);
  } finally {
    await admin.disconnect();
  }
  const consumer = kafka.consumer({ groupId: `e2e-ready-${randomUUID()}` });
  await consumer.connect();
  await retryWhileRetriable(() => consumer.subscribe({ topic: TOPICS.ready, fromBeginning: true }));
  const keys = new Set<string>();
  await consumer.run({ eachMessage: async ({ message }) => void keys.add(message.key!.toString()) });
  return {
    /** True once the key has arrived, false after the timeout. */
    async waitFor(key: string, timeoutMs = 60_000): Promise<boolean> {
      const deadline = Date.now() + timeoutMs;
      while (!keys.has(key) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      return keys.has(key);
    },
    stop: () => consumer.disconnect(),
  };
}
