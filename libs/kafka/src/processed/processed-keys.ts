import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { Consumer, EachBatchPayload } from 'kafkajs';
import { LRUCache } from 'lru-cache';
import type { KafkaClient } from '../client/kafka-client';
import { CONSUMER_RETRY } from '../config/kafka-transport-options';
import { ensureTopics } from '../client/topic-setup';
import { CHANGELOG_TOPIC_CONFIG, changelogTopicOf } from './changelog-topic';

/** Keys remembered per consumed topic; the oldest go first (a duplicate older than that is processed again). */
export const MAX_PROCESSED_KEYS = 100_000;

/** How long a claim waits for the changelog reader to reach a partition's end before it is tried again. */
const CATCH_UP_TIMEOUT_MS = 10_000;

/** One consumed partition's processed keys, as committed. */
export interface ProcessedMarks {
  has(key: string): boolean;
  /** Keys this member has just committed (the reader sees them a moment later). */
  add(keys: readonly string[]): void;
  /** Resolves once every mark committed to the partition's changelog so far is known here. */
  caughtUp(): Promise<void>;
  /** The changelog topic the marks are written to (partition: the consumed one's). */
  readonly changelog: string;
}

/**
 * The keys a service has processed, per consumed partition, made durable in a compacted changelog
 * topic per consumed topic (Kafka Streams' state-store pattern). Handlers mark a key (an order id)
 * processed in the same transaction as what they write, so a duplicate message is skipped whichever
 * instance gets it, after any restart, and a transaction that was given up leaves no mark behind.
 *
 * One consumer of the service's own, in a group of its own, reads every changelog from its start
 * (read committed) and follows it; a partition's claim waits until that reader has reached the
 * partition's end, so the marks of every commit before the claim are known when its first message
 * is handled.
 */
export class ProcessedKeys {
  private readonly logger = new Logger(ProcessedKeys.name);
  private readonly keys = new Map<string, LRUCache<string, true>>();
  /** Per changelog partition (`topic/partition`): the offset after the last record the reader went past. */
  private readonly positions = new Map<string, bigint>();
  private readonly waiters = new Set<() => void>();
  private reader?: Consumer;
  private topics: string[] = [];
  private stopped = false;

  constructor(
    private readonly client: KafkaClient,
    private readonly serviceName: string,
  ) {}

  /** Creates the changelogs of the consumed topics and starts reading them. */
  async start(consumedTopics: readonly string[]): Promise<void> {
    this.topics = consumedTopics.map((t) => changelogTopicOf(this.serviceName, t));
    for (const consumed of consumedTopics) {
      const partitions = await this.client.partitionCounts.of(consumed);
      await ensureTopics(this.client.admin, [changelogTopicOf(this.serviceName, consumed)], partitions, {
        configEntries: CHANGELOG_TOPIC_CONFIG,
      });
    }
    await this.startReader();
  }

  marks(consumedTopic: string, partition: number): ProcessedMarks {
    const changelog = changelogTopicOf(this.serviceName, consumedTopic);
    const keys = this.keysOf(changelog);
    const at = (key: string) => `${partition}\u0000${key}`;
    return {
      changelog,
      has: (key) => keys.has(at(key)),
      add: (added) => added.forEach((key) => keys.set(at(key), true)),
      caughtUp: () => this.caughtUp(changelog, partition),
    };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.waiters.forEach((wake) => wake());
    await this.reader?.disconnect().catch(() => undefined);
  }

  private keysOf(changelog: string): LRUCache<string, true> {
    let keys = this.keys.get(changelog);
    if (!keys) this.keys.set(changelog, (keys = new LRUCache({ max: MAX_PROCESSED_KEYS })));
    return keys;
  }

  private async caughtUp(changelog: string, partition: number): Promise<void> {
    const end = await this.client.endOffset(changelog, partition);
    const deadline = Date.now() + CATCH_UP_TIMEOUT_MS;
    for (;;) {
      if ((this.positions.get(`${changelog}/${partition}`) ?? 0n) >= end) return;
      if (this.stopped) throw new Error('the service is stopping');
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`the processed keys of ${changelog}-${partition} were not read up to offset ${end} in time`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, Math.min(left, 500));
        const waiters = this.waiters;
        function done() {
          clearTimeout(timer);
          waiters.delete(done);
          resolve();
        }
        waiters.add(done);
      });
    }
  }

  /** A reader in a group of its own (no offsets committed: it always starts at the changelogs' start). */
  private async startReader(): Promise<void> {
    const reader = this.client.consumerKafka.consumer({
      groupId: `${this.serviceName}-processed-reader-${randomUUID()}`,
      maxWaitTimeInMs: 100,
      sessionTimeout: 10_000,
      heartbeatInterval: 1_000,
      allowAutoTopicCreation: false,
      retry: CONSUMER_RETRY,
    });
    this.reader = reader;
    // Also batches holding only transaction markers or aborted records: the reader went past them.
    reader.on(reader.events.END_BATCH_PROCESS, ({ payload }) => {
      const key = `${payload.topic}/${payload.partition}`;
      const after = BigInt(payload.lastOffset) + 1n;
      if (after > (this.positions.get(key) ?? 0n)) this.positions.set(key, after);
      this.waiters.forEach((wake) => wake());
    });
    reader.on(reader.events.CRASH, ({ payload }) => {
      if (payload.restart || this.stopped) return;
      this.logger.error({ error: payload.error.name }, 'The processed-keys reader stopped; starting it again');
      void reader
        .disconnect()
        .catch(() => undefined)
        .then(() => (this.stopped ? undefined : this.startReader()))
        .catch((err: Error) => this.logger.error({ error: err.name }, 'The processed-keys reader did not start again'));
    });
    await reader.connect();
    await reader.subscribe({ topics: this.topics, fromBeginning: true });
    await reader.run({ autoCommit: false, eachBatch: async (payload) => this.apply(payload) });
  }

  private async apply({ batch }: EachBatchPayload): Promise<void> {
    const keys = this.keysOf(batch.topic);
    for (const message of batch.messages)
      if (message.key) keys.set(`${batch.partition}\u0000${message.key.toString()}`, true);
  }
}
