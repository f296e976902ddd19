import { Logger } from '@nestjs/common';
import { ROOT_CONTEXT, context, type Context, type Span } from '@opentelemetry/api';
import { ATTR_ERROR_TYPE } from '@opentelemetry/semantic-conventions';
import type { EachBatchPayload, EachMessagePayload } from 'kafkajs';
import {
  ATTR_ITUNA_DELIVERY_ATTEMPT,
  ATTR_ITUNA_TRANSACTION_MESSAGES,
  EVENT_ITUNA_DELIVERY_RETRY,
} from '@ituna/contracts';
import { recordError } from '@ituna/tracing';
import { isPermanentRecordError, isProducerFenced } from '../client/retriable';
import { backoffDelay, type DeliveryPolicy } from '../config/delivery-policy';
import { DeliveryStoppedError } from '../errors/delivery-stopped.error';
import { errorClass } from '../errors/error-class';
import { PartitionTakenOverError } from '../errors/partition-taken-over.error';
import type { ProcessedMarks } from '../processed/processed-keys';
import { KafkaOutbox, type OutboxContent, type OutboxTarget } from './outbox';
import type { ConsumedRecord, HandledMessage, PartitionWriter } from './partition-writer';
import { nextState, type WorkerEvent, type WorkerState } from './worker-state';

/** At most this many handled messages share one commit. */
const MAX_MESSAGES_PER_COMMIT = 500;

export interface PartitionWorkerSettings {
  topic: string;
  partition: number;
  writer: PartitionWriter;
  marks: ProcessedMarks;
  policy: DeliveryPolicy;
  /** A topic's partition count, for the records staged. */
  partitionCount: (topic: string) => Promise<number>;
  /** Exactly-once: the `commit-transaction` span of a message handed over, under its consumer span. */
  commitSpan?: (context: Context, records: number) => Span;
  /** The dead letter of a message whose records Kafka refuses for good, staged through `outbox`. */
  deadLetter: (
    outbox: KafkaOutbox,
    consumed: ConsumedRecord,
    failure: { reason: string; errorClass: string; minimal: boolean },
  ) => Promise<void>;
}

/** The offset after the last of the messages (never empty): what committing them moves the group's offset to. */
function after(messages: readonly HandledMessage[]): bigint {
  return BigInt(messages[messages.length - 1].consumed.message.offset) + 1n;
}

/** kafkajs's answers meaning that the member must rejoin: its partitions may be another's now. */
function mustRejoin(err: unknown): boolean {
  const type = (err as { type?: string } | undefined)?.type;
  return (
    type === 'ILLEGAL_GENERATION' ||
    type === 'UNKNOWN_MEMBER_ID' ||
    type === 'REBALANCE_IN_PROGRESS' ||
    type === 'NOT_COORDINATOR_FOR_GROUP'
  );
}

/**
 * The one owner, in this process, of a consumed partition: it claims the partition, runs each
 * message's handler (Nest's pipeline) with an outbox, and commits what the handlers wrote together
 * with the offsets, one commit at a time while the next messages are handled (a group commit).
 *
 * The rules that keep each message's effects exactly once (states and transitions: worker-state.ts):
 * - Nothing is handled before a claim: the writer registers (exactly-once: its transactional id,
 *   which finishes what the previous holder left and fences it), then the group's committed offset
 *   is read and the processed keys are read up to the changelog's end. A claim that fails is held
 *   and tried again; it never means "start anywhere".
 * - Messages below the offset read at the claim were committed by someone: skipped.
 * - A commit that fails in a way that may pass (a timeout, a lost connection) is held, then the
 *   writer registers again (a new producer: Kafka finishes or aborts what the old one left) and the
 *   committed offset is read again. Exactly where this worker left it: nothing landed, try again.
 *   Just past the failed commit: it landed, its answer was lost. Anything else: another member
 *   committed here; what it covered is done, the rest is left to the partition's holder.
 * - A fenced commit, or a group that says this member must rejoin, hands the partition over: what
 *   was handled is left uncommitted and the batch ends with an error on which kafkajs rejoins.
 * - Keys marked processed count only once committed: a commit given up leaves none behind.
 */
export class PartitionWorker {
  private readonly logger = new Logger(PartitionWorker.name);
  private state: WorkerState = 'stopped';
  /** Handled, waiting for their commit (in offset order); the first ones may be in a commit now. */
  private readonly queue: HandledMessage[] = [];
  /** Keys marked by queued messages: processed for the next messages, not yet committed. */
  private readonly pendingMarks = new Map<string, number>();
  private draining = false;
  /** After a permanent record error: the next this-many messages commit one by one. */
  private alone = 0;
  /** Messages below this offset were committed by someone before the claim. */
  private committedAtClaim?: bigint;
  /** The group's committed offset as this worker last knew it (after its claim, or its last commit). */
  private committedOffset?: bigint;
  /** Each claim's number: what was handled under an earlier claim is never committed. */
  private claimId = 0;
  private reclaim = false;
  private revokePending = false;
  private handOverError?: unknown;
  private stopping = false;
  /** The outbox of the message being handled now, by its offset. */
  private readonly outboxes = new Map<string, KafkaOutbox>();
  private heartbeat?: () => Promise<void>;
  private readonly waiters = new Set<() => void>();
  private lastHoldLog = 0;

  constructor(private readonly settings: PartitionWorkerSettings) {}

  get current(): WorkerState {
    return this.state;
  }

  private get busy(): boolean {
    return this.draining || this.queue.length > 0;
  }

  /** The group gave this member the partition (again): claim it before handling anything. */
  assigned(): void {
    if (this.stopping) return;
    if (this.state === 'committing' || this.state === 'holding' || (this.state === 'processing' && this.busy)) {
      // What is queued was handled under this member's registration: it commits first.
      this.reclaim = true;
      return;
    }
    this.fire('assigned');
    void this.claim();
  }

  /** The group gave the partition to another member. */
  revoked(): void {
    if (this.state === 'stopped') return;
    if (this.busy || this.state === 'holding') {
      // Its commit in flight finishes (or is fenced by the new holder); a hold ends without claiming again.
      this.revokePending = true;
      this.wake();
      return;
    }
    this.reclaim = false;
    this.fire('revoked');
    this.claimId += 1;
    void this.settings.writer.close();
  }

  /** The outbox of the message at `offset`, while its handler runs. */
  outboxAt(offset: string): KafkaOutbox | undefined {
    return this.outboxes.get(offset);
  }

  /**
   * Handles one fetched batch: each message through `handle` (Nest's pipeline), its outbox handed
   * to the commit. Resolves once every message handled is committed, so that kafkajs neither moves
   * past the batch nor gives the partition away before; rejects with an error on which kafkajs
   * rejoins when the partition was handed over.
   */
  async run(payload: EachBatchPayload, handle: (message: EachMessagePayload) => Promise<void>): Promise<void> {
    const { batch, resolveOffset, heartbeat, isRunning, isStale, pause } = payload;
    this.heartbeat = heartbeat;
    if (this.state === 'stopped' && !this.stopping) this.assigned();
    const settled: Promise<void>[] = [];
    let skipped = 0;
    try {
      for (const message of batch.messages) {
        if (!(await this.untilProcessing(heartbeat))) break;
        // Stopping, or a rebalance or seek made the rest of the batch someone else's: it is fetched again.
        if (!isRunning() || isStale()) break;
        if (this.committedAtClaim !== undefined && BigInt(message.offset) < this.committedAtClaim) {
          resolveOffset(message.offset);
          skipped += 1;
          continue;
        }
        const outbox = new KafkaOutbox(this.outboxTarget);
        const claim = this.claimId;
        this.outboxes.set(message.offset, outbox);
        try {
          await handle({ topic: batch.topic, partition: batch.partition, message, heartbeat, pause });
        } finally {
          this.outboxes.delete(message.offset);
        }
        if (this.stopping) break;
        settled.push(this.enqueue({ topic: batch.topic, partition: batch.partition, message }, outbox, claim));
        resolveOffset(message.offset);
        await heartbeat();
      }
    } catch (err) {
      // What was handled before the failure commits before kafkajs fetches again (or rejoins).
      await Promise.allSettled(settled);
      throw err;
    } finally {
      if (skipped)
        this.logger.warn(
          `Skipped ${skipped} message(s) of ${batch.topic}-${batch.partition} below offset ${this.committedAtClaim}: committed by the partition's previous holder`,
        );
    }
    const failed = (await Promise.allSettled(settled)).find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    if (this.state === 'handing-over') throw this.handOverError;
  }

  /** The service stops: holds end now; what is held is left uncommitted. */
  stop(): void {
    this.stopping = true;
    this.wake();
  }

  async close(): Promise<void> {
    await this.settings.writer.close();
  }

  private get outboxTarget(): OutboxTarget {
    return {
      partitionCount: this.settings.partitionCount,
      isProcessed: (key) => this.pendingMarks.has(key) || this.settings.marks.has(key),
    };
  }

  /** Waits while the partition is being claimed or held; false when the batch must end (handed over, stopping). */
  private async untilProcessing(heartbeat: () => Promise<void>): Promise<boolean> {
    while (this.state === 'claiming' || this.state === 'holding') {
      if (this.stopping) return false;
      await this.pause(1000);
      // The wait keeps the member alive; a rebalance answer ends the batch, and kafkajs rejoins.
      await heartbeat();
    }
    if (this.state === 'handing-over') throw this.handOverError;
    return !this.stopping && this.state !== 'stopped';
  }

  private enqueue(consumed: ConsumedRecord, outbox: KafkaOutbox, claim: number): Promise<void> {
    const content = outbox.content;
    const context = outbox.context ?? ROOT_CONTEXT;
    // Handled while the partition was claimed again (the member may have lost it in between): its
    // outcome may rest on marks it did not know, so it is left to be fetched and handled anew.
    if (claim !== this.claimId) return Promise.reject(new PartitionTakenOverError(this.name));
    return new Promise<void>((resolve, reject) => {
      const handled: HandledMessage = {
        consumed,
        content,
        context,
        span: this.settings.commitSpan?.(context, content.records.length),
        settle: { resolve, reject },
      };
      for (const key of content.marks) this.pendingMarks.set(key, (this.pendingMarks.get(key) ?? 0) + 1);
      this.queue.push(handled);
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.queue.length > 0 && (this.state === 'processing' || this.state === 'committing')) {
        const batch = this.queue.slice(0, this.alone > 0 ? 1 : MAX_MESSAGES_PER_COMMIT);
        this.fire('commit-started');
        try {
          await this.settings.writer.write(batch);
          this.queue.splice(0, batch.length);
          this.alone = Math.max(0, this.alone - batch.length);
          this.done(batch);
          this.fire('committed');
        } catch (err) {
          if (this.stopping) return this.leave(this.queue.splice(0), new DeliveryStoppedError(), 'stop');
          // Registering again would fence the partition's new holder and commit what it may be handling.
          if (isProducerFenced(err))
            return this.leave(this.queue.splice(0), new PartitionTakenOverError(this.name), 'fenced');
          this.fire('commit-failed');
          // A record Kafka refuses for good: no wait, but a new registration all the same (the
          // transaction is left half made), then the message goes alone and, refused again, is dead-lettered.
          const permanent = isPermanentRecordError(err);
          await this.recover(err, batch, !permanent);
          if (permanent && this.state === 'processing' && this.queue[0] === batch[0]) await this.setAside(batch, err);
        }
      }
    } finally {
      this.draining = false;
    }
    if (this.state !== 'processing' || this.queue.length > 0) return;
    if (this.revokePending) {
      this.revokePending = false;
      this.revoked();
    } else if (this.reclaim) {
      this.reclaim = false;
      this.assigned();
    }
  }

  /** Committed: the marks count from now on, the spans end, the messages' batches go on. */
  private done(batch: readonly HandledMessage[]): void {
    for (const handled of batch) {
      this.settings.marks.add(handled.content.marks);
      this.unmark(handled);
      handled.span?.setAttribute(ATTR_ITUNA_TRANSACTION_MESSAGES, batch.length);
      handled.span?.end();
      handled.settle.resolve();
    }
    this.committedOffset = after(batch);
  }

  /**
   * Claims the partition: register, read the committed offset, read the processed keys; held and
   * tried again until it succeeds, the member must rejoin, or the service stops.
   */
  private async claim(): Promise<void> {
    const id = ++this.claimId;
    for (let failures = 0; ;) {
      try {
        const committed = await this.settings.writer.register();
        await this.settings.marks.caughtUp();
        if (id !== this.claimId || this.state !== 'claiming') return;
        this.committedAtClaim = committed;
        this.committedOffset = committed;
        this.fire('claimed');
        this.wake();
        void this.drain();
        return;
      } catch (err) {
        if (id !== this.claimId || this.state !== 'claiming') return;
        if (this.stopping) return void this.fire('stop');
        failures += 1;
        this.fire('claim-failed');
        const out = await this.hold(err, failures, []);
        if (id !== this.claimId || this.current !== 'holding') return;
        if (this.stopping) return void this.fire('stop');
        if (out) return this.leave(this.queue.splice(0), out, 'out-of-generation');
        this.fire('hold-ended');
      }
    }
  }

  /**
   * After a commit that failed in a way that may pass: hold, register again and read where the
   * group's offset is, until that succeeds; then settle what the failed commit may have done.
   */
  private async recover(err: unknown, failed: readonly HandledMessage[], holdFirst = true): Promise<void> {
    for (let failures = 1; ; failures += 1) {
      const out = holdFirst || failures > 1 ? await this.hold(err, failures, this.queue) : undefined;
      if (this.stopping) return this.leave(this.queue.splice(0), new DeliveryStoppedError(), 'stop');
      if (out) return this.leave(this.queue.splice(0), out, 'out-of-generation');
      this.fire('hold-ended');
      try {
        const committed = await this.settings.writer.register();
        await this.settings.marks.caughtUp();
        return this.reconcile(committed, failed);
      } catch (claimError) {
        err = claimError;
        this.fire('claim-failed');
      }
    }
  }

  /** Settles what the failed commit did, from the committed offset read after a new registration. */
  private reconcile(committed: bigint | undefined, failed: readonly HandledMessage[]): void {
    const end = after(failed);
    // At-least-once there is nothing to settle: the marks are written again, and kafkajs commits.
    if (!this.settings.writer.transactional || committed === this.committedOffset) {
      // Nothing landed, and nobody else committed here: the same messages are tried again.
      this.fire('claimed');
      return;
    }
    if (committed === end) {
      this.logger.warn(
        `A commit of ${this.settings.topic}-${this.settings.partition} had landed though its answer was lost; it is not made again`,
      );
      this.queue.splice(0, failed.length);
      this.done(failed);
      this.fire('claimed');
      return;
    }
    // Another member committed here since this one's last claim: what its commits cover is done;
    // the rest was handled without knowing them and is left to the partition's holder.
    const done = this.queue.filter((m) => committed !== undefined && BigInt(m.consumed.message.offset) < committed);
    this.queue.splice(0, done.length);
    for (const handled of done) {
      this.unmark(handled);
      handled.span?.end();
      handled.settle.resolve();
    }
    this.leave(
      this.queue.splice(0),
      new PartitionTakenOverError(this.name),
      'out-of-generation',
      `the group's offset is ${committed}, not where this member left it (${this.committedOffset})`,
    );
  }

  /**
   * Waits before claiming again, keeping the member alive. Resolves with the group's answer when it
   * says the member must rejoin, else undefined.
   */
  private async hold(err: unknown, failures: number, waiting: readonly HandledMessage[]): Promise<unknown> {
    const now = Date.now();
    if (now - this.lastHoldLog >= this.settings.policy.logIntervalMs) {
      this.lastHoldLog = now;
      this.logger.warn(
        {
          topic: this.settings.topic,
          partition: this.settings.partition,
          messages: waiting.length,
          error: errorClass(err),
        },
        `Kafka did not take a ${this.state === 'holding' && waiting.length ? 'commit' : 'claim'} of ${this.settings.topic}-${this.settings.partition} (${errorClass(err)}); holding ${waiting.length} handled message(s) and trying again`,
      );
    }
    for (const handled of waiting)
      handled.span?.addEvent(EVENT_ITUNA_DELIVERY_RETRY, {
        [ATTR_ITUNA_DELIVERY_ATTEMPT]: failures,
        [ATTR_ERROR_TYPE]: errorClass(err),
      });
    await this.pause(backoffDelay(failures, 250, this.settings.policy.maxKafkaBackoffMs));
    // Registering again would fence the partition's new holder.
    if (this.revokePending) return new PartitionTakenOverError(this.name);
    if (this.stopping || !this.heartbeat) return undefined;
    const answer = await this.heartbeat().then(
      () => undefined,
      (e: unknown) => e,
    );
    return mustRejoin(answer) ? answer : undefined;
  }

  /** A message whose records Kafka refuses for good: dead-lettered in their place, alone. */
  private async setAside(batch: readonly HandledMessage[], err: unknown): Promise<void> {
    if (batch.length > 1) {
      this.alone = batch.length;
      return;
    }
    const handled = batch[0];
    const tries = (handled.deadLetterTries = (handled.deadLetterTries ?? 0) + 1);
    const reason = `Kafka refused what the handler wrote (${errorClass(err)})`;
    this.unmark(handled);
    if (tries > 2) {
      // Not even a minimal dead letter was taken: the offset alone, and the loss said loudly.
      this.logger.error(
        {
          topic: handled.consumed.topic,
          partition: handled.consumed.partition,
          offset: handled.consumed.message.offset,
        },
        `Kafka refused the records and the dead letter of a message; its offset is committed without them`,
      );
      handled.content = { records: [], marks: [] };
      return;
    }
    const outbox = new KafkaOutbox(this.outboxTarget);
    await context.with(handled.context, () =>
      this.settings.deadLetter(outbox, handled.consumed, { reason, errorClass: errorClass(err), minimal: tries > 1 }),
    );
    handled.content = { records: outbox.content.records, marks: [] } satisfies OutboxContent;
  }

  /** Leaves messages uncommitted: rejected with `err`; the partition goes to its next holder (or the service stops). */
  private leave(
    pending: HandledMessage[],
    err: unknown,
    event: 'stop' | 'fenced' | 'out-of-generation',
    why?: string,
  ): void {
    if (pending.length || event !== 'stop')
      this.logger.warn(
        {
          topic: this.settings.topic,
          partition: this.settings.partition,
          messages: pending.length,
          error: errorClass(err),
        },
        event === 'stop'
          ? `The service stops; ${pending.length} handled message(s) of ${this.settings.topic}-${this.settings.partition} are left uncommitted`
          : `This member no longer holds ${this.settings.topic}-${this.settings.partition} (${why ?? errorClass(err)}); ${pending.length} handled message(s) are left uncommitted for its next holder`,
      );
    for (const handled of pending) {
      this.unmark(handled);
      if (handled.span) {
        recordError(handled.span, err);
        handled.span.end();
      }
      handled.settle.reject(err);
    }
    this.reclaim = false;
    if (event === 'stop') {
      this.fire('stop');
      return;
    }
    this.handOverError = err;
    this.fire(event);
    this.wake();
    if (this.revokePending) {
      this.revokePending = false;
      this.revoked();
    }
  }

  private get name(): string {
    return `${this.settings.topic}-${this.settings.partition}`;
  }

  private unmark(handled: HandledMessage): void {
    for (const key of handled.content.marks) {
      const left = (this.pendingMarks.get(key) ?? 1) - 1;
      if (left > 0) this.pendingMarks.set(key, left);
      else this.pendingMarks.delete(key);
    }
  }

  private fire(event: WorkerEvent): void {
    const next = nextState(this.state, event);
    if (next !== this.state)
      this.logger.debug(`${this.settings.topic}-${this.settings.partition}: ${this.state} --${event}--> ${next}`);
    this.state = next;
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const waiters = this.waiters;
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        waiters.delete(done);
        resolve();
      }
      waiters.add(done);
    });
  }

  private wake(): void {
    this.waiters.forEach((wake) => wake());
  }
}
