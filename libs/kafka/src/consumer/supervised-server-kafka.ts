import { KafkaOptions, ServerKafka } from '@nestjs/microservices';
import type { Consumer, EachBatchPayload } from 'kafkajs';
import { withBatchCommits } from '../transaction/batch-commits';

export interface SupervisedServerOptions {
  /** Tells about each kafkajs consumer created (at start and at every restart) before it connects. */
  onConsumer: (consumer: Consumer) => void;
  /**
   * Consume batch by batch, each message through Nest's handler as usual, the batch finished only
   * once every message's transaction is committed (exactly-once: see KafkaTransactions).
   */
  batchCommits?: boolean;
  /**
   * With batchCommits: the offset below which a partition's messages are already committed, as
   * learnt when this member took the partition over (KafkaTransactions.committedAtClaim).
   */
  committedAtClaim?: (topic: string, partition: number) => Promise<bigint | undefined>;
}

/**
 * Nest's Kafka server, telling `onConsumer` about each kafkajs consumer it creates before the
 * consumer connects, so that no event of its group join is missed; and, for exactly-once, reading
 * with kafkajs's eachBatch so that the next message is handled while earlier ones commit.
 */
export class SupervisedServerKafka extends ServerKafka {
  constructor(
    options: Required<KafkaOptions>['options'],
    private readonly supervision: SupervisedServerOptions,
  ) {
    super(options);
  }

  protected override registerConsumerEventListeners(): void {
    super.registerConsumerEventListeners();
    if (this.consumer) this.supervision.onConsumer(this.consumer);
  }

  override async bindEvents(consumer: Consumer): Promise<void> {
    if (!this.supervision.batchCommits) return super.bindEvents(consumer);
    const topics = [...this.messageHandlers.keys()];
    if (topics.length > 0) await consumer.subscribe({ ...(this.options.subscribe ?? {}), topics });
    await consumer.run({
      ...(this.options.run ?? {}),
      eachBatchAutoResolve: false,
      eachBatch: (payload) => withBatchCommits(() => this.handleBatch(payload)),
    });
  }

  private async handleBatch({
    batch,
    resolveOffset,
    heartbeat,
    pause,
    isRunning,
    isStale,
  }: EachBatchPayload): Promise<void> {
    const committed = await this.committedAtClaim(batch.topic, batch.partition, heartbeat);
    let skipped = 0;
    for (const message of batch.messages) {
      // Stopping, or a rebalance or seek made the rest of the batch someone else's: it is fetched again.
      if (!isRunning() || isStale()) return;
      if (committed !== undefined && BigInt(message.offset) < committed) {
        // The partition's previous holder committed it while kafkajs read an older offset.
        resolveOffset(message.offset);
        if (skipped++ === 0)
          this.logger.warn(
            `Skipping messages of ${batch.topic}-${batch.partition} below offset ${committed}: committed by the partition's previous holder after this member's consumer read its offset`,
          );
        continue;
      }
      await this.handleMessage({ topic: batch.topic, partition: batch.partition, message, heartbeat, pause });
      resolveOffset(message.offset);
      await heartbeat();
    }
  }

  /** The claim's offset; its wait on Kafka (a registration, an offset read) keeps the member alive. */
  private async committedAtClaim(
    topic: string,
    partition: number,
    heartbeat: () => Promise<void>,
  ): Promise<bigint | undefined> {
    const claim = this.supervision.committedAtClaim?.(topic, partition).then((offset) => ({ offset }));
    if (!claim) return undefined;
    for (;;) {
      const tick = new Promise<undefined>((resolve) => setTimeout(resolve, 1000));
      const claimed = await Promise.race([claim, tick]);
      if (claimed) return claimed.offset;
      await heartbeat().catch(() => undefined);
    }
  }
}
