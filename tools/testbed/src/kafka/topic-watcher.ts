import { randomUUID } from 'node:crypto';
import { Consumer, IHeaders, Kafka, logLevel } from 'kafkajs';
import { TOPIC_PARTITIONS, kafkaBrokersFrom } from '@ituna/contracts';
import { ensureTopics, retryWhileRetriable, waitForLeaders } from '@ituna/kafka';
import type { JsonBody } from '../load/http';

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
  private stopped = false;
  private waiters: (() => void)[] = [];
  /** Per `topic/partition`: the offset after the last record the consumer went past (markers and aborted records too). */
  private readonly positions = new Map<string, bigint>();

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

  /** Where start() began on each partition. */
  readonly startOffsets: { topic: string; offsets: { partition: number; offset: string }[] }[] = [];

  /**
   * Starts at the end of each topic, at the first message at or after fromTimestamp (ms), or
   * where another watcher started (fromOffsets).
   */
  async start({
    fromTimestamp,
    fromOffsets,
  }: { fromTimestamp?: number; fromOffsets?: TopicWatcher['startOffsets'] } = {}): Promise<this> {
    const client = this.options.kafka ?? kafka;
    // On a fresh broker the services have not created the topics yet.
    if (!this.options.kafka) await ensureTopics('ituna-e2e-setup', this.topics, TOPIC_PARTITIONS);
    const admin = client.admin();
    await admin.connect();
    if (this.options.kafka) await waitForLeaders(admin, this.topics);
    const ends =
      fromOffsets ??
      (await retryWhileRetriable(() =>
        Promise.all(
          this.topics.map(async (topic) => ({
            topic,
            offsets:
              fromTimestamp === undefined
                ? (await admin.fetchTopicOffsets(topic)).map((p) => ({ partition: p.partition, offset: p.high }))
                : await admin.fetchTopicOffsetsByTimestamp(topic, fromTimestamp),
          })),
        ),
      ));
    this.startOffsets.push(...ends);
    await admin.disconnect();
    const from = new Map<string, bigint>();
    for (const { topic, offsets } of ends)
      for (const { partition, offset } of offsets) {
        from.set(`${topic}/${partition}`, BigInt(offset));
        this.positions.set(`${topic}/${partition}`, BigInt(offset));
      }
    const groupId = `e2e-watch-${randomUUID()}`;

    this.consumer = client.consumer({
      groupId,
      maxWaitTimeInMs: 100,
      readUncommitted: this.options.readUncommitted ?? false,
      // kafkajs decides to restart a crashed consumer after its crash handler's own disconnect: a
      // stop() during that disconnect (a broker fault just before the run ends) would otherwise be
      // followed by a restart, a consumer left running into the next test file.
      retry: { retries: 5, restartOnFailure: async () => !this.stopped },
    });
    await this.consumer.connect();
    // From the beginning, then a seek to where it starts: kafkajs commits a seek through the group's
    // coordinator and drops it when that fails (a coordinator moving after a broker fault); the
    // consumer then reads from the beginning, and what lies before the start is passed over below.
    await this.consumer.subscribe({ topics: this.topics, fromBeginning: true });
    const joined = new Promise<void>((resolve) => this.consumer!.on(this.consumer!.events.GROUP_JOIN, () => resolve()));
    this.consumer.on(this.consumer.events.END_BATCH_PROCESS, ({ payload }) => {
      const key = `${payload.topic}/${payload.partition}`;
      const after = BigInt(payload.lastOffset) + 1n;
      if (after > (this.positions.get(key) ?? -1n)) this.positions.set(key, after);
    });
    await this.consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        if (BigInt(message.offset) < (from.get(`${topic}/${partition}`) ?? 0n)) return;
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
      for (const { partition, offset } of offsets) this.consumer.seek({ topic, partition, offset });
    return this;
  }

  /**
   * Resolves once the watcher has gone past every record the topics hold now (their high
   * watermarks): for a committed reader, once every transaction still open has ended.
   */
  async caughtUp(timeoutMs = 60_000): Promise<void> {
    const admin = (this.options.kafka ?? kafka).admin();
    await admin.connect();
    let ends: { key: string; high: bigint }[];
    try {
      ends = (
        await Promise.all(
          this.topics.map(async (topic) =>
            (await admin.fetchTopicOffsets(topic)).map((p) => ({
              key: `${topic}/${p.partition}`,
              high: BigInt(p.high),
            })),
          ),
        )
      ).flat();
    } finally {
      await admin.disconnect();
    }
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const behind = ends.filter(({ key, high }) => (this.positions.get(key) ?? -1n) < high);
      if (!behind.length) return;
      if (Date.now() > deadline)
        throw new Error(
          `not read up to the end in ${timeoutMs} ms: ${behind.map((b) => `${b.key} at ${this.positions.get(b.key)} of ${b.high}`).join(', ')}`,
        );
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Every record taken, as `topic/partition/offset`. */
  recordIds(): ReadonlySet<string> {
    return this.records;
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
    this.stopped = true;
    await this.consumer?.disconnect();
  }
}
