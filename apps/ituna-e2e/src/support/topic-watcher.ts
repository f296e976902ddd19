import { randomUUID } from 'node:crypto';
import { Consumer, IHeaders, Kafka, logLevel } from 'kafkajs';
import { TOPIC_PARTITIONS, kafkaBrokersFrom } from '@ituna/contracts';
import { ensureTopics, retryWhileRetriable, waitForLeaders } from '@ituna/kafka';
import type { JsonBody } from './http';

export const brokers = kafkaBrokersFrom();
export const kafka = new Kafka({ clientId: 'ituna-e2e', brokers, logLevel: logLevel.NOTHING });

export interface SeenMessage {
  /** When the watcher received it (ms since the epoch). */
  at: number;
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer | null;
  headers: IHeaders;
  json<T = JsonBody>(): T;
}

/**
 * Collects what arrives on some topics from the moment start() resolves (it seeks to the end
 * offsets taken before joining, so nothing produced afterwards is missed and nothing older is seen).
 */
export class TopicWatcher {
  readonly seen: SeenMessage[] = [];
  private readonly byTopicKey = new Map<string, SeenMessage[]>();
  /** Records already taken, by topic, partition and offset. */
  private readonly records = new Set<string>();
  private consumer?: Consumer;
  private waiters: (() => void)[] = [];

  /**
   * Reads committed data only, as any consumer downstream of exactly-once output must;
   * `readUncommitted` also sees records of transactions that were aborted or are still open.
   */
  constructor(
    private readonly topics: string[],
    private readonly options: {
      readUncommitted?: boolean;
      /** A client of another cluster than the stack's (whose services create the topics). */
      kafka?: Kafka;
    } = {},
  ) {}

  /** Starts at the end of each topic, or at the first message at or after fromTimestamp (ms). */
  async start({ fromTimestamp }: { fromTimestamp?: number } = {}): Promise<this> {
    const client = this.options.kafka ?? kafka;
    // On a fresh broker the services have not created the topics yet.
    if (!this.options.kafka) await ensureTopics(this.topics, TOPIC_PARTITIONS, 'ituna-e2e-setup');
    const admin = client.admin();
    await admin.connect();
    if (this.options.kafka) await waitForLeaders(admin, this.topics);
    const ends = await retryWhileRetriable(() =>
      Promise.all(
        this.topics.map(async (topic) => ({
          topic,
          offsets:
            fromTimestamp === undefined
              ? (await admin.fetchTopicOffsets(topic)).map((p) => ({ partition: p.partition, offset: p.high }))
              : await admin.fetchTopicOffsetsByTimestamp(topic, fromTimestamp),
        })),
      ),
    );
    await admin.disconnect();

    this.consumer = client.consumer({
      groupId: `e2e-watch-${randomUUID()}`,
      maxWaitTimeInMs: 100,
      readUncommitted: this.options.readUncommitted ?? false,
    });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: this.topics, fromBeginning: false });
    const joined = new Promise<void>((resolve) => this.consumer!.on(this.consumer!.events.GROUP_JOIN, () => resolve()));
    await this.consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        // The watcher's own consumer may be handed a record again (its group's offsets lag after a
        // broker failover): one record at one offset is one message, however often it is read.
        const record = `${topic}/${partition}/${message.offset}`;
        if (this.records.has(record)) return;
        this.records.add(record);
        const seen: SeenMessage = {
          at: Date.now(),
          topic,
          partition,
          offset: message.offset,
          key: message.key?.toString() ?? null,
          value: message.value,
          headers: message.headers ?? {},
          json: () => JSON.parse(message.value!.toString()),
        };
        this.seen.push(seen);
        const index = `${topic}\u0000${seen.key}`;
        this.byTopicKey.set(index, [...(this.byTopicKey.get(index) ?? []), seen]);
        this.waiters.splice(0).forEach((w) => w());
      },
    });
    await joined;
    for (const { topic, offsets } of ends)
      for (const p of offsets) this.consumer.seek({ topic, partition: p.partition, offset: p.offset });
    return this;
  }

  /** Resolves with the first message matching, or rejects after the timeout. */
  async waitFor(match: (m: SeenMessage) => boolean, timeoutMs = 30_000, what = 'message'): Promise<SeenMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.seen.find(match);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(
          `no ${what} within ${timeoutMs} ms (saw ${this.seen.length} messages on ${this.topics.join(', ')})`,
        );
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 500));
        this.waiters.push(() => (clearTimeout(t), resolve()));
      });
    }
  }

  byKey(topic: string, key: string): SeenMessage[] {
    return this.byTopicKey.get(`${topic}\u0000${key}`) ?? [];
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}
