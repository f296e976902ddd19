import { hostname } from 'node:os';
import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleDestroy, Optional } from '@nestjs/common';
import { KafkaContext } from '@nestjs/microservices';
import { Span, context, trace } from '@opentelemetry/api';
import { ATTR_ERROR_TYPE } from '@opentelemetry/semantic-conventions';
import { Kafka, Producer, TopicMessages, TopicOffsets } from 'kafkajs';
import {
  ATTR_ITUNA_DELIVERY_ATTEMPT,
  ATTR_ITUNA_DELIVERY_MODE,
  ATTR_ITUNA_TRANSACTION_MESSAGES,
  ATTR_ITUNA_TRANSACTION_RECORDS,
  ATTR_ITUNA_TRANSACTIONAL_ID,
  EVENT_ITUNA_DELIVERY_RETRY,
  SPAN_ITUNA_COMMIT_TRANSACTION,
} from '@ituna/contracts';
import { recordError } from '@ituna/tracing';
import { DeadLetterPublisher } from '../dead-letter.publisher';
import { DEFAULT_DELIVERY_POLICY, DELIVERY_POLICY, backoffDelay } from '../delivery/delivery-policy';
import type { DeliveryPolicy } from '../delivery/delivery-policy';
import { errorClass } from '../delivery/error-class';
import { DeliveryStoppedError } from '../delivery/delivery-stopped.error';
import { compressionFromEnv } from '../compression/compression';
import { kafkaClientConfig } from '../kafka-client-config';
import { KAFKA_SERVER_POSTFIX } from '../kafka-transport-options';
import { isPermanentRecordError } from '../retriable';
import { SERVICE_NAME } from '../service-name';
import { DELIVERY_MODE } from './delivery-mode';
import type { DeliveryMode } from './delivery-mode';
import { batchCommits } from './batch-commits';
import type { StagedRecord } from './staged-records';

/** Where the consumed message was: its offset is committed in the transaction. */
export interface ConsumedMessage {
  topic: string;
  partition: number;
  offset: string;
}

interface PendingCommit {
  kafka: KafkaContext;
  consumed: ConsumedMessage;
  records: StagedRecord[];
  /** The message's `commit-transaction` span: from handing the records over until they are committed. */
  span: Span;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/** Long enough for any commit here (milliseconds each); a crashed member's open transaction is aborted at the latest after it. */
const TRANSACTION_TIMEOUT_MS = 15_000;
/**
 * The broker answers CONCURRENT_TRANSACTIONS to the next transaction's first request while it still
 * writes the markers of the one just committed (milliseconds). Retried after kafkajs's default 300 ms
 * (ours 200), that wait would cap each service at a few transactions a second; the Java client
 * waits 20 ms for this. Ten tries, about 8 s, before our own hold takes over.
 */
const TRANSACTION_RETRY = { initialRetryTime: 20, maxRetryTime: 2000, retries: 10 };
const tracer = trace.getTracer('@ituna/kafka');
/** At most this many handled messages share one transaction. */
const MAX_MESSAGES_PER_TRANSACTION = 500;

/**
 * Commits what handlers wrote together with the offsets of the messages they handled, in Kafka
 * transactions (exactly-once mode). kafkajs runs one transaction at a time per producer, so the
 * commits queued meanwhile share the next one (a group commit): with the handlers of a fetched
 * batch not waiting for their own commit (SupervisedServerKafka), one transaction carries many
 * messages.
 *
 * Commits are made in the order they were queued, and a failed transaction is tried again (with
 * a new producer, back-off and heartbeats) before anything queued after it, for as long as Kafka
 * is away: an offset is never committed past a message whose records are not. A record Kafka can
 * never take (too large) has its message dead-lettered and its offset committed alone.
 *
 * The transactional id is stable for a service instance (ITUNA_TRANSACTIONAL_ID, by default service,
 * host and port), so a restarted instance fences its previous life: its first request aborts the
 * transaction the dead one left open, and read-committed consumers downstream move on at once.
 */
@Injectable()
export class KafkaTransactions implements OnModuleDestroy, OnApplicationShutdown {
  private readonly logger = new Logger(KafkaTransactions.name);
  readonly transactionalId: string;
  private readonly groupId: string;
  private readonly compression = compressionFromEnv();
  private producer?: Promise<Producer>;
  private readonly queue: PendingCommit[] = [];
  private draining = false;
  private stopping = false;
  private lastHoldLog = 0;
  private wakeUp?: () => void;

  constructor(
    @Inject(SERVICE_NAME) private readonly serviceName: string,
    @Inject(DELIVERY_MODE) readonly mode: DeliveryMode,
    @Optional() private readonly deadLetters?: DeadLetterPublisher,
    @Optional() @Inject(DELIVERY_POLICY) private readonly policy: DeliveryPolicy = DEFAULT_DELIVERY_POLICY,
  ) {
    this.transactionalId = process.env.ITUNA_TRANSACTIONAL_ID || `${serviceName}-${hostname()}-${process.env.PORT ?? 'default'}`;
    this.groupId = `${serviceName}${KAFKA_SERVER_POSTFIX}`;
  }

  get enabled(): boolean {
    return this.mode === 'exactly-once';
  }

  /** Registers the transactional id with Kafka now (fencing a previous life of this instance) rather than at the first message. */
  async connect(): Promise<void> {
    if (this.enabled) await this.connected();
  }

  /**
   * Queues the records and the offset after the message for the next transaction. Resolves once
   * they are committed, or at once inside a batch (withBatchCommits), which waits for them itself.
   * Rejects only when the service stops before Kafka took them (nothing of it is then visible).
   */
  commit(kafka: KafkaContext, records: StagedRecord[]): Promise<void> {
    const consumed = { topic: kafka.getTopic(), partition: kafka.getPartition(), offset: kafka.getMessage().offset };
    const span = tracer.startSpan(SPAN_ITUNA_COMMIT_TRANSACTION, {
      attributes: { [ATTR_ITUNA_DELIVERY_MODE]: this.mode, [ATTR_ITUNA_TRANSACTIONAL_ID]: this.transactionalId, [ATTR_ITUNA_TRANSACTION_RECORDS]: records.length },
    });
    const committed = new Promise<void>((resolve, reject) => {
      this.queue.push({ kafka, consumed, records, span, resolve, reject });
      void this.drain();
    }).then(
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

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      for (let failures = 0; this.queue.length > 0; ) {
        const batch = this.queue.splice(0, MAX_MESSAGES_PER_TRANSACTION);
        try {
          await this.run(batch);
          batch.forEach((p) => p.resolve());
          failures = 0;
        } catch (err) {
          if (this.stopping) return this.abandon([...batch, ...this.queue.splice(0)]);
          if (isPermanentRecordError(err)) {
            await this.runEachAlone(batch);
            continue;
          }
          // Back at the front: nothing queued after these is committed before them.
          this.queue.unshift(...batch);
          failures += 1;
          await this.hold(batch, err, failures);
          if (this.stopping) return this.abandon(this.queue.splice(0));
        }
      }
    } finally {
      this.draining = false;
    }
  }

  /** One record Kafka can never take must not fail the messages it happened to share a transaction with. */
  private async runEachAlone(batch: PendingCommit[]): Promise<void> {
    for (let i = 0; i < batch.length; i += 1) {
      const pending = batch[i];
      for (let failures = 0; ; ) {
        try {
          await this.run([pending]);
          pending.resolve();
          break;
        } catch (err) {
          if (this.stopping) return this.abandon([...batch.slice(i), ...this.queue.splice(0)]);
          if (isPermanentRecordError(err) && pending.records.length > 0) {
            const written = await this.deadLetter(pending, err).then(() => true, () => false);
            if (!written) return this.abandon([...batch.slice(i), ...this.queue.splice(0)]);
            pending.records = [];
            pending.span.setAttribute(ATTR_ITUNA_TRANSACTION_RECORDS, 0);
            continue;
          }
          failures += 1;
          await this.hold([pending], err, failures);
          if (this.stopping) return this.abandon([...batch.slice(i), ...this.queue.splice(0)]);
        }
      }
    }
  }

  private async deadLetter(pending: PendingCommit, err: unknown): Promise<void> {
    const reason = `Kafka refused what the handler wrote (${errorClass(err)})`;
    for (let failures = 0; ; ) {
      try {
        return await context.with(trace.setSpan(context.active(), pending.span), () => this.deadLetters!.publish(pending.kafka, reason, { attempts: 1, errorClass: errorClass(err) }));
      } catch (dlqError) {
        if (this.stopping) throw new DeliveryStoppedError();
        failures += 1;
        await this.hold([pending], dlqError, failures);
      }
    }
  }

  /** Waits before trying again what Kafka did not take, keeping the waiting messages' group membership alive. */
  private async hold(waiting: PendingCommit[], err: unknown, failures: number): Promise<void> {
    const now = Date.now();
    if (now - this.lastHoldLog >= this.policy.logIntervalMs) {
      this.lastHoldLog = now;
      this.logger.warn(
        { transactionalId: this.transactionalId, messages: waiting.length, error: errorClass(err) },
        `Kafka did not take a transaction (${errorClass(err)}); holding ${waiting.length} handled message(s) and trying again`,
      );
    }
    for (const p of waiting) p.span.addEvent(EVENT_ITUNA_DELIVERY_RETRY, { [ATTR_ITUNA_DELIVERY_ATTEMPT]: failures, [ATTR_ERROR_TYPE]: errorClass(err) });
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, backoffDelay(failures, 250, this.policy.maxKafkaBackoffMs));
      this.wakeUp = () => (clearTimeout(timer), resolve());
    });
    this.wakeUp = undefined;
    // Kafka may be back: tell the group these members are alive, or learn that they must rejoin.
    await Promise.all(uniqueHeartbeats(waiting).map((beat) => beat().catch(() => undefined)));
  }

  private abandon(pending: PendingCommit[]): void {
    pending.forEach((p) => p.reject(new DeliveryStoppedError()));
  }

  private async run(batch: PendingCommit[]): Promise<void> {
    const producer = await this.connected();
    try {
      const transaction = await producer.transaction();
      const topicMessages = recordsByTopic(batch.flatMap((p) => p.records));
      if (topicMessages.length > 0) await transaction.sendBatch({ topicMessages, acks: -1, compression: this.compression });
      await transaction.sendOffsets({ consumerGroupId: this.groupId, topics: nextOffsets(batch.map((p) => p.consumed)) });
      await transaction.commit();
    } catch (err) {
      // A new producer with the same id aborts whatever this transaction left open, whatever state kafkajs is in.
      await this.replaceProducer(err);
      throw err;
    }
    for (const p of batch) p.span.setAttribute(ATTR_ITUNA_TRANSACTION_MESSAGES, batch.length);
  }

  /** The transactional producer (kafkajs requires idempotence and one request in flight with it). */
  protected createProducer(): Producer {
    return new Kafka(kafkaClientConfig(`${this.serviceName}-transactions`)).producer({
      transactionalId: this.transactionalId,
      idempotent: true,
      maxInFlightRequests: 1,
      transactionTimeout: TRANSACTION_TIMEOUT_MS,
      allowAutoTopicCreation: false,
      retry: TRANSACTION_RETRY,
    });
  }

  private connected(): Promise<Producer> {
    if (!this.producer) {
      const producer = this.createProducer();
      this.producer = producer.connect().then(
        () => producer,
        (err) => {
          this.producer = undefined;
          throw err;
        },
      );
    }
    return this.producer;
  }

  private async replaceProducer(cause: unknown): Promise<void> {
    const old = this.producer;
    this.producer = undefined;
    this.logger.debug({ transactionalId: this.transactionalId, error: errorClass(cause) }, 'A transaction failed; nothing of it is visible; it is tried again with a new producer');
    await old?.then((p) => p.disconnect()).catch(() => undefined);
  }

  /** Runs before Nest closes the consumer: a transaction held for an absent Kafka is given up (its messages stay uncommitted). */
  onModuleDestroy(): void {
    this.stopping = true;
    this.wakeUp?.();
  }

  /** After the consumer closed (its last batches committed): the producer goes. */
  async onApplicationShutdown(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    await producer?.then((p) => p.disconnect()).catch(() => undefined);
  }
}


function uniqueHeartbeats(pending: PendingCommit[]): (() => Promise<void>)[] {
  return [...new Set(pending.map((p) => p.kafka.getHeartbeat()))];
}

function recordsByTopic(records: StagedRecord[]): TopicMessages[] {
  const byTopic = new Map<string, TopicMessages>();
  for (const { topic, message } of records) {
    const entry = byTopic.get(topic) ?? { topic, messages: [] };
    entry.messages.push(message);
    byTopic.set(topic, entry);
  }
  return [...byTopic.values()];
}

/** The offset to resume from after each consumed message, per partition (the highest if two share one). */
export function nextOffsets(consumed: ConsumedMessage[]): TopicOffsets[] {
  const next = new Map<string, Map<number, bigint>>();
  for (const { topic, partition, offset } of consumed) {
    const partitions = next.get(topic) ?? new Map<number, bigint>();
    const after = BigInt(offset) + 1n;
    if ((partitions.get(partition) ?? -1n) < after) partitions.set(partition, after);
    next.set(topic, partitions);
  }
  return [...next].map(([topic, partitions]) => ({ topic, partitions: [...partitions].map(([partition, offset]) => ({ partition, offset: offset.toString() })) }));
}
