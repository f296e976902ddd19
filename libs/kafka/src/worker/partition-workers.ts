import { Inject, Injectable, OnApplicationShutdown, OnModuleDestroy, Optional } from '@nestjs/common';
import { trace, type Context } from '@opentelemetry/api';
import type { EachBatchPayload, EachMessagePayload } from 'kafkajs';
import {
  ATTR_ITUNA_DELIVERY_MODE,
  ATTR_ITUNA_TRANSACTIONAL_ID,
  ATTR_ITUNA_TRANSACTION_RECORDS,
  SPANS,
} from '@ituna/contracts';
import { KafkaClient } from '../client/kafka-client';
import { KAFKA_BEFORE_COMMIT, KAFKA_PRODUCER, KAFKA_SETTINGS } from '../config/kafka.constants';
import type { KafkaSettings } from '../config/kafka-settings';
import { consumerGroupOf } from '../config/kafka-transport-options';
import { DeadLetterPublisher } from '../dead-letter/dead-letter.publisher';
import type { KafkaProducerClient } from '../producer/kafka-producer.client';
import { ProcessedKeys } from '../processed/processed-keys';
import { DirectWriter } from './direct-writer';
import type { KafkaOutbox } from './outbox';
import { PartitionWorker } from './partition-worker';
import { TransactionWriter } from './transaction-writer';

/** Long enough for any commit here (milliseconds each); an open transaction nobody takes over is aborted at the latest after it. */
const TRANSACTION_TIMEOUT_MS = 15_000;
/**
 * The broker answers CONCURRENT_TRANSACTIONS to a transaction's first request while it still writes
 * the markers of the one before (milliseconds). Retried after kafkajs's default 300 ms (ours 200),
 * that wait would cap each partition at a few transactions a second; the Java client waits 20 ms
 * for this. Twelve tries, about 8 s, before the worker's own hold takes over.
 */
const TRANSACTION_RETRY = { initialRetryTime: 5, maxRetryTime: 2000, retries: 12 };

const tracer = trace.getTracer('@ituna/kafka');

/**
 * The service's PartitionWorkers, one per consumed partition this member was given; what the Nest
 * Kafka server, the consumer supervisor and the delivery interceptor reach them through.
 */
@Injectable()
export class PartitionWorkers implements OnModuleDestroy, OnApplicationShutdown {
  private readonly workers = new Map<string, PartitionWorker>();
  private readonly processed: ProcessedKeys;
  private readonly groupId: string;

  constructor(
    private readonly client: KafkaClient,
    @Inject(KAFKA_SETTINGS) private readonly settings: KafkaSettings,
    @Inject(KAFKA_PRODUCER) private readonly producer: KafkaProducerClient,
    private readonly deadLetters: DeadLetterPublisher,
    @Optional() @Inject(KAFKA_BEFORE_COMMIT) private readonly beforeCommit?: () => Promise<void>,
  ) {
    this.processed = new ProcessedKeys(client, settings.serviceName);
    this.groupId = consumerGroupOf(settings.serviceName);
  }

  /** Before the consumer runs: the processed keys' changelogs of the consumed topics, and their reader. */
  start(consumedTopics: readonly string[]): Promise<void> {
    return this.processed.start(consumedTopics);
  }

  /** The member's new assignment (kafkajs's GROUP_JOIN): each partition in it is claimed before anything is handled. */
  assigned(assignment: Record<string, number[]>): void {
    const kept = new Set<string>();
    for (const [topic, partitions] of Object.entries(assignment))
      for (const partition of partitions) {
        kept.add(keyOf(topic, partition));
        this.worker(topic, partition).assigned();
      }
    for (const [key, worker] of this.workers) if (!kept.has(key)) worker.revoked();
  }

  /** kafkajs's eachBatch: the batch's partition's worker handles it, each message through `handle`. */
  run(payload: EachBatchPayload, handle: (message: EachMessagePayload) => Promise<void>): Promise<void> {
    return this.worker(payload.batch.topic, payload.batch.partition).run(payload, handle);
  }

  /** The outbox of the message at `offset` while its handler runs. */
  outboxOf(topic: string, partition: number, offset: string): KafkaOutbox | undefined {
    return this.workers.get(keyOf(topic, partition))?.outboxAt(offset);
  }

  /** Runs before Nest closes the consumer: holds end; the batches running commit what they handled. */
  onModuleDestroy(): void {
    this.workers.forEach((worker) => worker.stop());
  }

  /** After the consumer closed: the producers and the reader go. */
  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.workers.values()].map((worker) => worker.close()));
    await this.processed.stop();
  }

  private worker(topic: string, partition: number): PartitionWorker {
    const key = keyOf(topic, partition);
    let worker = this.workers.get(key);
    if (!worker) this.workers.set(key, (worker = this.create(topic, partition)));
    return worker;
  }

  private create(topic: string, partition: number): PartitionWorker {
    const { settings, client, producer } = this;
    const marks = this.processed.marks(topic, partition);
    const exactlyOnce = settings.delivery === 'exactly-once';
    const transactionalId = `${settings.transactionalIdPrefix}-${keyOf(topic, partition)}`;
    const writer = exactlyOnce
      ? new TransactionWriter({
          transactionalId,
          groupId: this.groupId,
          changelog: marks.changelog,
          compression: settings.compression,
          createProducer: (id) =>
            client.kafka.producer({
              transactionalId: id,
              // No producer id at connect: the transaction's own is registered with the id (TransactionalProducer).
              idempotent: false,
              maxInFlightRequests: 1,
              transactionTimeout: TRANSACTION_TIMEOUT_MS,
              allowAutoTopicCreation: false,
              retry: TRANSACTION_RETRY,
            }),
          committedOffset: () => client.committedOffset(this.groupId, topic, partition),
          beforeCommit: this.beforeCommit,
        })
      : new DirectWriter(marks.changelog, (t, messages) => producer.sendNow(t, messages));
    return new PartitionWorker({
      topic,
      partition,
      writer,
      marks,
      policy: settings.policy,
      partitionCount: client.partitionCounts.of,
      commitSpan: exactlyOnce
        ? (context: Context, records: number) =>
            tracer.startSpan(
              SPANS.commitTransaction,
              {
                attributes: {
                  [ATTR_ITUNA_DELIVERY_MODE]: settings.delivery,
                  [ATTR_ITUNA_TRANSACTIONAL_ID]: transactionalId,
                  [ATTR_ITUNA_TRANSACTION_RECORDS]: records,
                },
              },
              context,
            )
        : undefined,
      deadLetter: (outbox, consumed, { reason, errorClass, minimal }) =>
        this.deadLetters.publish(outbox, consumed, reason, { attempts: 1, errorClass, minimal }),
    });
  }
}

const keyOf = (topic: string, partition: number) => `${topic}-${partition}`;
