import { Inject, Injectable, OnApplicationShutdown, OnModuleDestroy, Optional } from '@nestjs/common';
import { KafkaContext } from '@nestjs/microservices';
import { trace } from '@opentelemetry/api';
import { Admin, Kafka, Producer } from 'kafkajs';
import {
  ATTR_ITUNA_DELIVERY_MODE,
  ATTR_ITUNA_TRANSACTION_RECORDS,
  ATTR_ITUNA_TRANSACTIONAL_ID,
  SPANS,
} from '@ituna/contracts';
import { recordError } from '@ituna/tracing';
import { DeadLetterPublisher } from '../dead-letter.publisher';
import { kafkaEnv } from '../kafka-env.schema';
import { DEFAULT_DELIVERY_POLICY } from '../delivery/delivery-policy';
import { DELIVERY_MODE, DELIVERY_POLICY, KAFKA_SERVICE_NAME } from '../kafka.constants';
import type { DeliveryPolicy } from '../delivery/delivery-policy';
import { kafkaClientConfig } from '../kafka-client-config';
import { consumerGroupOf } from '../kafka-transport-options';
import { PartitionCounts } from '../producer/partition-counts';
import { batchCommits } from './batch-commits';
import type { DeliveryMode } from './delivery-mode';
import type { StagedRecord } from './staged-records';
import { TransactionLane } from './transaction-lane';

/** Long enough for any commit here (milliseconds each); an open transaction nobody takes over is aborted at the latest after it. */
const TRANSACTION_TIMEOUT_MS = 15_000;
/**
 * The broker answers CONCURRENT_TRANSACTIONS to a transaction's first request while it still writes
 * the markers of the one before (milliseconds). Retried after kafkajs's default 300 ms (ours 200),
 * that wait would cap each partition at a few transactions a second; the Java client waits 20 ms
 * for this. Twelve tries, about 8 s, before the lane's own hold takes over.
 */
const TRANSACTION_RETRY = { initialRetryTime: 5, maxRetryTime: 2000, retries: 12 };
const tracer = trace.getTracer('@ituna/kafka');

/**
 * Commits what handlers wrote together with the offsets of the messages they handled, in Kafka
 * transactions (exactly-once mode), one TransactionLane per consumed partition. A lane's
 * transactional id is `<prefix>-<topic>-<partition>` (prefix ITUNA_TRANSACTIONAL_ID, by default the
 * service's name), the same whichever instance holds the partition: the instance that takes a
 * partition over (after a crash, a restart or a rebalance) fences the one that had it, aborting the
 * transaction it left open, so a member that lost a partition can never commit for it again (the
 * model Kafka Streams used before KIP-447, which kafkajs does not implement). Partitions commit
 * independently of each other.
 *
 * With the handlers of a fetched batch not waiting for their own commit (SupervisedServerKafka),
 * one transaction carries every message handled while the one before it ran.
 */
@Injectable()
export class KafkaTransactions implements OnModuleDestroy, OnApplicationShutdown {
  private readonly prefix: string;
  private readonly groupId: string;
  private readonly lanes = new Map<string, TransactionLane>();
  private stopping = false;
  private admin?: Promise<Admin>;
  private readonly partitionCounts = new PartitionCounts(() => this.createAdmin());

  constructor(
    @Inject(KAFKA_SERVICE_NAME) private readonly serviceName: string,
    @Inject(DELIVERY_MODE) readonly mode: DeliveryMode,
    @Optional() private readonly deadLetters?: DeadLetterPublisher,
    @Optional() @Inject(DELIVERY_POLICY) private readonly policy: DeliveryPolicy = DEFAULT_DELIVERY_POLICY,
  ) {
    this.prefix = kafkaEnv().ITUNA_TRANSACTIONAL_ID || serviceName;
    this.groupId = consumerGroupOf(serviceName);
  }

  get enabled(): boolean {
    return this.mode === 'exactly-once';
  }

  /**
   * Claims the transactional ids of newly assigned partitions at once (rather than at their first
   * message): what a killed predecessor left open is aborted, and readers downstream move on.
   */
  prepare(assignment: Record<string, number[]>): void {
    if (!this.enabled) return;
    const assigned = new Set<string>();
    for (const [topic, partitions] of Object.entries(assignment))
      for (const partition of partitions) {
        assigned.add(laneKey(topic, partition));
        this.lane(topic, partition).claim();
      }
    for (const [key, lane] of this.lanes) if (!assigned.has(key)) lane.release();
  }

  /**
   * The offset below which a partition's messages are already committed, known once this member's
   * claim of it has fenced its previous holder (undefined when unknown): what kafkajs fetched from
   * below it was handled and committed by that holder, and is skipped (SupervisedServerKafka).
   */
  committedAtClaim(topic: string, partition: number): Promise<bigint | undefined> {
    return this.lanes.get(laneKey(topic, partition))?.committedAtClaim() ?? Promise.resolve(undefined);
  }

  /**
   * Queues the records and the offset after the message for its partition's next transaction.
   * Resolves once they are committed, or at once inside a batch (withBatchCommits), which waits for
   * them itself. Rejects when the service stops before Kafka took them, or when the group says this
   * member is out of the generation that handled the message (with kafkajs's own error, on which it
   * rejoins); nothing of it is then visible.
   */
  commit(kafka: KafkaContext, records: StagedRecord[]): Promise<void> {
    const consumed = { topic: kafka.getTopic(), partition: kafka.getPartition(), offset: kafka.getMessage().offset };
    const lane = this.lane(consumed.topic, consumed.partition);
    const span = tracer.startSpan(SPANS.commitTransaction, {
      attributes: {
        [ATTR_ITUNA_DELIVERY_MODE]: this.mode,
        [ATTR_ITUNA_TRANSACTIONAL_ID]: lane.transactionalId,
        [ATTR_ITUNA_TRANSACTION_RECORDS]: records.length,
      },
    });
    const committed = new Promise<void>((resolve, reject) =>
      lane.enqueue({ kafka, consumed, records, span, resolve, reject }),
    ).then(
      () => span.end(),
      (err) => {
        recordError(span, err);
        span.end();
        throw err;
      },
    );
    const batch = batchCommits();
    if (!batch) return committed;
    // Handled: the batch awaits it (a rejection before that is not an unhandled one).
    committed.catch(() => undefined);
    batch.push(committed);
    return Promise.resolve();
  }

  /** A lane's transactional producer (kafkajs requires idempotence and one request in flight with it). */
  protected createProducer(transactionalId: string): Producer {
    return new Kafka(kafkaClientConfig(`${this.serviceName}-transactions`)).producer({
      transactionalId,
      idempotent: true,
      maxInFlightRequests: 1,
      transactionTimeout: TRANSACTION_TIMEOUT_MS,
      allowAutoTopicCreation: false,
      retry: TRANSACTION_RETRY,
    });
  }

  /**
   * The group's committed offset of a partition (undefined when none): a transaction whose commit's
   * answer was lost was made when this has moved past its messages.
   */
  protected async committedOffset(topic: string, partition: number): Promise<bigint | undefined> {
    if (this.stopping) return undefined;
    const connecting = (this.admin ??= (async () => {
      const admin = this.createAdmin();
      await admin.connect();
      return admin;
    })());
    try {
      const admin = await connecting;
      const [offsets] = await admin.fetchOffsets({ groupId: this.groupId, topics: [topic] });
      const found = offsets?.partitions.find((p) => p.partition === partition);
      return found && found.offset !== '-1' ? BigInt(found.offset) : undefined;
    } catch (err) {
      // A new admin for the next question; this one goes (unless another lane replaced it already).
      if (this.admin === connecting) this.admin = undefined;
      void connecting.then((admin) => admin.disconnect()).catch(() => undefined);
      throw err;
    }
  }

  /** A topic's partition count: each transaction writes one sendBatch per partition (PartitionSplit). */
  protected partitionCount(topic: string): Promise<number> {
    return this.partitionCounts.of(topic);
  }

  private createAdmin(): Admin {
    return new Kafka(kafkaClientConfig(`${this.serviceName}-transactions`)).admin();
  }

  private lane(topic: string, partition: number): TransactionLane {
    const key = laneKey(topic, partition);
    let lane = this.lanes.get(key);
    if (!lane) {
      lane = new TransactionLane({
        transactionalId: `${this.prefix}-${key}`,
        groupId: this.groupId,
        createProducer: (id) => this.createProducer(id),
        committedOffset: () => this.committedOffset(topic, partition),
        partitionCount: (t) => this.partitionCount(t),
        deadLetters: this.deadLetters,
        policy: this.policy,
        isStopping: () => this.stopping,
      });
      this.lanes.set(key, lane);
    }
    return lane;
  }

  /** Runs before Nest closes the consumer: a transaction held for an absent Kafka is given up (its messages stay uncommitted). */
  onModuleDestroy(): void {
    this.stopping = true;
    this.lanes.forEach((lane) => lane.wakeUp());
  }

  /** After the consumer closed (its last batches committed): the producers go. */
  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.lanes.values()].map((lane) => lane.disconnect()));
    await this.admin?.then((admin) => admin.disconnect()).catch(() => undefined);
    await this.partitionCounts.disconnect();
  }
}

const laneKey = (topic: string, partition: number) => `${topic}-${partition}`;
