import { Logger } from '@nestjs/common';
import type { KafkaContext } from '@nestjs/microservices';
import { Span, context, trace } from '@opentelemetry/api';
import { ATTR_ERROR_TYPE } from '@opentelemetry/semantic-conventions';
import type { Producer } from 'kafkajs';
import {
  ATTR_ITUNA_DELIVERY_ATTEMPT,
  ATTR_ITUNA_TRANSACTION_MESSAGES,
  ATTR_ITUNA_TRANSACTION_RECORDS,
  EVENT_ITUNA_DELIVERY_RETRY,
} from '@ituna/contracts';
import { compressionFromEnv } from '../compression/compression';
import type { DeadLetterPublisher } from '../dead-letter.publisher';
import { backoffDelay } from '../delivery/delivery-policy';
import { errorClass } from '../delivery/error-class';
import type { DeliveryPolicy } from '../delivery/delivery-policy';
import { DeliveryStoppedError } from '../delivery/delivery-stopped.error';
import { PartitionSplit, type PartitionCount } from '../producer/partition-split';
import { PartitionTakenOverError } from '../delivery/partition-taken-over.error';
import { isPermanentRecordError, isProducerFenced } from '../retriable';
import { nextOffsets, recordsByTopic } from './transaction-records';
import type { ConsumedMessage } from './transaction-records';
import type { StagedRecord } from './staged-records';

export interface PendingCommit {
  kafka: KafkaContext;
  consumed: ConsumedMessage;
  records: StagedRecord[];
  /** The message's `commit-transaction` span: from handing the records over until they are committed. */
  span: Span;
  resolve: () => void;
  reject: (err: unknown) => void;
}

export interface LaneSettings {
  transactionalId: string;
  groupId: string;
  createProducer: (transactionalId: string) => Producer;
  /** The consumer group's committed offset of this lane's partition (undefined when none). */
  committedOffset: () => Promise<bigint | undefined>;
  /** A topic's partition count: a transaction's records go in one sendBatch per partition (PartitionSplit). */
  partitionCount: PartitionCount;
  deadLetters?: DeadLetterPublisher;
  policy: DeliveryPolicy;
  isStopping: () => boolean;
}

/** At most this many handled messages share one transaction. */
const MAX_MESSAGES_PER_TRANSACTION = 500;

const logger = new Logger('KafkaTransactions');

/**
 * The transactions of one consumed partition, on a producer of their own: one at a time, in the
 * order they were queued, the commits queued meanwhile sharing the next one (a group commit). A
 * failed transaction is tried again (with a new producer, back-off and heartbeats) before anything
 * queued after it, for as long as Kafka is away, unless the group's committed offset shows that it
 * was made after all (its answer lost): an offset is never committed past a message whose records
 * are not, and records are not written twice for one message. A record Kafka can never take (too large) has its message dead-lettered and its
 * offset committed alone.
 */
export class TransactionLane {
  private producer?: Promise<Producer>;
  private readonly compression = compressionFromEnv();
  private readonly queue: PendingCommit[] = [];
  private draining = false;
  private lastHoldLog = 0;
  private wakeUpHold?: () => void;
  private readonly split: PartitionSplit;
  /**
   * A transaction failed while its commit (EndTxn) was on its way: the coordinator may have made it.
   * Only then is the group's committed offset asked; a failure before the commit was sent leaves
   * nothing committed, whatever the offset says (seen once after a broker restart: an offset past a
   * message whose records were aborted).
   */
  private commitMayHaveLanded = false;
  /** The partition's committed offset, read once this lane's last claim had fenced the previous holder. */
  private claimed?: Promise<bigint | undefined>;

  constructor(private readonly settings: LaneSettings) {
    this.split = new PartitionSplit(settings.partitionCount);
  }

  get transactionalId(): string {
    return this.settings.transactionalId;
  }

  /**
   * Registers the transactional id now, fencing its previous holder: Kafka first finishes the
   * transaction that holder left (its commit, if sent, else an abort), then the group's committed
   * offset is read. Errors wait for the first commit. A busy lane keeps its producer: it held the
   * partition until now.
   */
  claim(): void {
    // An idle lane registers the id again even if it has a producer: the partition may have been
    // another member's since (a restart or a kick leaves no join without it), and only a new
    // registration fences that member before the offset is read.
    const previous = this.draining || this.queue.length > 0 ? undefined : this.producer;
    if (previous) this.producer = undefined;
    this.claimed = (async () => {
      await previous?.then((p) => p.disconnect()).catch(() => undefined);
      await this.connected();
      return this.settings.committedOffset();
    })().catch(() => undefined);
  }

  /**
   * The offset below which the partition's messages are committed, as read after the claim (undefined
   * when unknown). kafkajs reads the group's offset when its fetch starts, without waiting for a
   * transaction in flight (KIP-447's stable offsets): a member that takes a partition over while its
   * previous holder commits may be handed messages that commit has just covered.
   */
  committedAtClaim(): Promise<bigint | undefined> {
    return this.claimed ?? Promise.resolve(undefined);
  }

  /** The partition went to another member: an idle producer goes, so that taking it back fences again. */
  release(): void {
    if (this.draining || this.queue.length > 0) return;
    this.claimed = undefined;
    void this.disconnect();
  }

  enqueue(pending: PendingCommit): void {
    this.queue.push(pending);
    void this.drain();
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      for (let failures = 0; this.queue.length > 0;) {
        const batch = this.queue.splice(0, MAX_MESSAGES_PER_TRANSACTION);
        try {
          await this.run(batch);
          batch.forEach((p) => p.resolve());
          failures = 0;
          this.commitMayHaveLanded = false;
        } catch (err) {
          if (this.stopping) return this.abandon([...batch, ...this.queue.splice(0)]);
          // Registering again would fence the partition's new holder and commit what it may be handling.
          if (isProducerFenced(err))
            return this.leaveToNextHolder(
              [...batch, ...this.queue.splice(0)],
              new PartitionTakenOverError(this.transactionalId),
            );
          if (isPermanentRecordError(err)) {
            await this.runEachAlone(batch);
            continue;
          }
          // Back at the front: nothing queued after these is committed before them.
          this.queue.unshift(...batch);
          failures += 1;
          const out = await this.hold(batch, err, failures);
          if (this.stopping) return this.abandon(this.queue.splice(0));
          if (out) return this.leaveToNextHolder(this.queue.splice(0), out);
          // Asked after the hold, as the retry would: the new producer registers the id only then.
          if (this.commitMayHaveLanded) {
            let answer = await this.committedAnyway(batch);
            // Unknown (Kafka still electing, the offset unreadable) is asked again, never retried blind.
            while (answer === 'unknown') {
              failures += 1;
              const out = await this.hold(batch, new Error('the committed offset could not be read'), failures);
              if (this.stopping) return this.abandon(this.queue.splice(0));
              if (out) return this.leaveToNextHolder(this.queue.splice(0), out);
              answer = await this.committedAnyway(batch);
            }
            if (answer === 'committed') {
              this.queue.splice(0, batch.length).forEach((p) => p.resolve());
              failures = 0;
            }
            this.commitMayHaveLanded = false;
          }
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
      for (let failures = 0; ;) {
        try {
          await this.run([pending]);
          pending.resolve();
          break;
        } catch (err) {
          if (this.stopping) return this.abandon([...batch.slice(i), ...this.queue.splice(0)]);
          if (isProducerFenced(err))
            return this.leaveToNextHolder(
              [...batch.slice(i), ...this.queue.splice(0)],
              new PartitionTakenOverError(this.transactionalId),
            );
          if (isPermanentRecordError(err) && pending.records.length > 0) {
            const failure = await this.deadLetter(pending, err).then(
              () => undefined,
              (e: unknown) => e ?? new DeliveryStoppedError(),
            );
            if (failure !== undefined) {
              const rest = [...batch.slice(i), ...this.queue.splice(0)];
              return isOutOfGeneration(failure) ? this.leaveToNextHolder(rest, failure) : this.abandon(rest);
            }
            pending.records = [];
            pending.span.setAttribute(ATTR_ITUNA_TRANSACTION_RECORDS, 0);
            continue;
          }
          failures += 1;
          const out = await this.hold([pending], err, failures);
          if (this.stopping) return this.abandon([...batch.slice(i), ...this.queue.splice(0)]);
          if (out) return this.leaveToNextHolder([...batch.slice(i), ...this.queue.splice(0)], out);
        }
      }
    }
  }

  private async deadLetter(pending: PendingCommit, err: unknown): Promise<void> {
    const reason = `Kafka refused what the handler wrote (${errorClass(err)})`;
    const deadLetters = this.settings.deadLetters;
    // No dead-letter topic configured: the message cannot be set aside, so the lane stops as for a failed write.
    if (!deadLetters) throw err;
    for (let failures = 0; ;) {
      try {
        return await context.with(trace.setSpan(context.active(), pending.span), () =>
          deadLetters.publish(pending.kafka, reason, { attempts: 1, errorClass: errorClass(err) }),
        );
      } catch (dlqError) {
        if (this.stopping) throw new DeliveryStoppedError();
        failures += 1;
        const out = await this.hold([pending], dlqError, failures);
        if (out) throw out;
      }
    }
  }

  /**
   * Waits before trying again what Kafka did not take, keeping the waiting messages' group membership
   * alive. Resolves with the group's answer when it says this member is out of the generation that
   * handled them (their partition may be another member's by now), else with undefined.
   */
  private async hold(waiting: PendingCommit[], err: unknown, failures: number): Promise<unknown> {
    const now = Date.now();
    if (now - this.lastHoldLog >= this.settings.policy.logIntervalMs) {
      this.lastHoldLog = now;
      logger.warn(
        { transactionalId: this.transactionalId, messages: waiting.length, error: errorClass(err) },
        `Kafka did not take a transaction (${errorClass(err)}); holding ${waiting.length} handled message(s) and trying again`,
      );
    }
    for (const p of waiting)
      p.span.addEvent(EVENT_ITUNA_DELIVERY_RETRY, {
        [ATTR_ITUNA_DELIVERY_ATTEMPT]: failures,
        [ATTR_ERROR_TYPE]: errorClass(err),
      });
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, backoffDelay(failures, 250, this.settings.policy.maxKafkaBackoffMs));
      this.wakeUpHold = () => (clearTimeout(timer), resolve());
    });
    this.wakeUpHold = undefined;
    // Kafka may be back: tell the group these members are alive, or learn that they must rejoin.
    const answers = await Promise.all(
      uniqueHeartbeats(waiting).map((beat) =>
        beat().then(
          () => undefined,
          (e) => e,
        ),
      ),
    );
    return answers.find(isOutOfGeneration);
  }

  /**
   * The member is out of the generation that handled these messages, or its producer was fenced:
   * trying again would fence the partition's new holder and commit what it is about to handle too.
   * They are left uncommitted, rejected with an error on which kafkajs rejoins (the group's own, or
   * PartitionTakenOverError); whoever holds the partition next claims it and handles them.
   */
  private leaveToNextHolder(pending: PendingCommit[], groupError: unknown): void {
    logger.warn(
      { transactionalId: this.transactionalId, messages: pending.length, error: errorClass(groupError) },
      `This member no longer holds the partition (${errorClass(groupError)}); ${pending.length} handled message(s) are left uncommitted for its next holder`,
    );
    this.commitMayHaveLanded = false;
    pending.forEach((p) => p.reject(groupError));
  }

  /**
   * Whether a transaction that failed on our side was made all the same: a commit the coordinator
   * took before its answer was lost (it went down, the request timed out). Sent again it would write
   * its records twice. The new producer's registration first finishes whatever the old one left
   * (commit or abort), then the group's committed offset tells: records and offsets commit together.
   */
  private async committedAnyway(batch: PendingCommit[]): Promise<'committed' | 'not committed' | 'unknown'> {
    try {
      await this.connected();
      const [{ partitions }] = nextOffsets(batch.map((p) => p.consumed));
      const committed = await this.settings.committedOffset();
      return committed !== undefined && committed >= BigInt(partitions[0].offset) ? 'committed' : 'not committed';
    } catch {
      return 'unknown';
    }
  }

  private abandon(pending: PendingCommit[]): void {
    this.commitMayHaveLanded = false;
    pending.forEach((p) => p.reject(new DeliveryStoppedError()));
  }

  private async run(batch: PendingCommit[]): Promise<void> {
    // Before the producer: a partition count that cannot be had is held and tried again like Kafka away.
    const { batches } = await this.split.split(recordsByTopic(batch.flatMap((p) => p.records)));
    const producer = await this.connected();
    let committing = false;
    try {
      const transaction = await producer.transaction();
      // Every send settled before a failure is handled: the producer is not replaced under a send still retrying.
      const sent = await Promise.allSettled(
        batches.map(({ topic, messages }) =>
          transaction.sendBatch({ topicMessages: [{ topic, messages }], acks: -1, compression: this.compression }),
        ),
      );
      const failed = sent.find((s): s is PromiseRejectedResult => s.status === 'rejected');
      if (failed) throw failed.reason;
      await transaction.sendOffsets({
        consumerGroupId: this.settings.groupId,
        topics: nextOffsets(batch.map((p) => p.consumed)),
      });
      committing = true;
      await transaction.commit();
    } catch (err) {
      if (committing) this.commitMayHaveLanded = true;
      // A new producer with the same id finishes whatever this transaction left (an abort, or the
      // commit the coordinator had taken), whatever state kafkajs is in; drain() then asks which.
      await this.replaceProducer(err);
      throw err;
    }
    for (const p of batch) p.span.setAttribute(ATTR_ITUNA_TRANSACTION_MESSAGES, batch.length);
  }

  private connected(): Promise<Producer> {
    if (!this.producer) {
      const producer = this.settings.createProducer(this.settings.transactionalId);
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
    logger.debug(
      { transactionalId: this.transactionalId, error: errorClass(cause) },
      'A transaction failed; it is tried again with a new producer unless its commit was made',
    );
    await old?.then((p) => p.disconnect()).catch(() => undefined);
  }

  /** The service stops: a hold in progress ends now. */
  wakeUp(): void {
    this.wakeUpHold?.();
  }

  async disconnect(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    await producer?.then((p) => p.disconnect()).catch(() => undefined);
  }

  private get stopping(): boolean {
    return this.settings.isStopping();
  }
}

/** kafkajs's answers for a member whose generation is over: it must rejoin, and its partitions may have moved. */
function isOutOfGeneration(err: unknown): boolean {
  const type = (err as { type?: string } | undefined)?.type;
  return type === 'ILLEGAL_GENERATION' || type === 'UNKNOWN_MEMBER_ID';
}

function uniqueHeartbeats(pending: PendingCommit[]): (() => Promise<void>)[] {
  return [...new Set(pending.map((p) => p.kafka.getHeartbeat()))];
}
