import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { isPortOpen, kafkaAnswersMetadata, startKafka, stopPid } from '@ituna/stack';

/** Ports of the bench's broker: beside the stack's 9092/9093, never in its way. */
export const BENCH_BROKER_PORT = 29092;
const CONTROLLER_PORT = 29093;

/**
 * A freshly formatted native broker of the bench's own, removed afterwards: the rounds write tens of
 * thousands of orders and move consumer groups about, which must not land in the user's topics and
 * groups (a later `npm start` would find them thousands of orders behind).
 */
export class BenchBroker {
  private pid?: number;
  readonly address = `127.0.0.1:${BENCH_BROKER_PORT}`;

  constructor(private readonly dir: string) {}

  async start(): Promise<void> {
    if (await isPortOpen('127.0.0.1', BENCH_BROKER_PORT))
      throw new Error(`port ${BENCH_BROKER_PORT} is taken: is another bench running?`);
    rmSync(this.dir, { recursive: true, force: true });
    this.pid = await startKafka({ port: BENCH_BROKER_PORT, controllerPort: CONTROLLER_PORT }, { dir: this.dir });
    const deadline = Date.now() + 90_000;
    while (!(await kafkaAnswersMetadata([{ host: '127.0.0.1', port: BENCH_BROKER_PORT }]))) {
      if (Date.now() > deadline) throw new Error(`the bench's broker did not come up; see ${join(this.dir, 'logs')}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }

  /** The broker's PID while it runs (its CPU is measured too). */
  get processId(): number | undefined {
    return this.pid;
  }

  client(clientId: string): Kafka {
    return new Kafka({ clientId, brokers: [this.address], logLevel: logLevel.NOTHING });
  }

  async stop(): Promise<void> {
    if (this.pid) await stopPid(this.pid, { graceMs: 15_000 });
    rmSync(this.dir, { recursive: true, force: true });
  }
}
