import {
  CallHandler,
  ExecutionContext,
  Inject,
  Injectable,
  Logger,
  NestInterceptor,
  OnModuleDestroy,
} from '@nestjs/common';
import { KafkaContext } from '@nestjs/microservices';
import { Span, trace } from '@opentelemetry/api';
import { ATTR_ERROR_TYPE } from '@opentelemetry/semantic-conventions';
import { Observable, defer, lastValueFrom } from 'rxjs';
import {
  ATTR_ITUNA_DELIVERY_ATTEMPT,
  ATTR_ITUNA_DELIVERY_ATTEMPTS,
  EVENT_ITUNA_DELIVERY_RETRY,
} from '@ituna/contracts';
import { isKafkaUnavailableError } from '../client/retriable';
import { backoffDelay, type DeliveryPolicy } from '../config/delivery-policy';
import { KAFKA_SETTINGS } from '../config/kafka.constants';
import type { KafkaSettings } from '../config/kafka-settings';
import { DeadLetterPublisher } from '../dead-letter/dead-letter.publisher';
import { DeliveryStoppedError } from '../errors/delivery-stopped.error';
import { errorClass } from '../errors/error-class';
import { FatalConsumerError } from '../errors/fatal-consumer.error';
import { InvalidMessageError } from '../errors/invalid-message.error';
import type { KafkaOutbox } from '../worker/outbox';
import { bindOutbox } from '../worker/outbox.decorator';
import { PartitionWorkers } from '../worker/partition-workers';

/**
 * The tries of a Kafka message's handler, in three classes of failure:
 * - InvalidMessageError (not JSON, not an order): dead-lettered at once.
 * - Kafka does not answer the handler (the partition count its outbox asks, a write it sends
 *   itself): the handler is run again with back-off for as long as it takes, holding only its own
 *   partition; never dead-lettered, never skipped. The log says so once per interval.
 * - Anything else (a bug, a step that throws): tried `attempts` times with exponential back-off,
 *   each failed try an event on the consumer span, then dead-lettered with the error's class.
 * It binds the message's outbox for the handler (`@Outbox()`); what a failed try staged is dropped,
 * and the outbox of the try that succeeded (or of the dead letter) goes to the partition's worker.
 * The handler's error never reaches kafkajs, which would restart the whole consumer.
 */
@Injectable()
export class KafkaDeliveryInterceptor implements NestInterceptor, OnModuleDestroy {
  private readonly logger = new Logger(KafkaDeliveryInterceptor.name);
  private readonly policy: DeliveryPolicy;
  private stopping = false;
  private readonly wakeUps = new Set<() => void>();
  private lastHoldLog = 0;

  constructor(
    private readonly deadLetters: DeadLetterPublisher,
    private readonly workers: PartitionWorkers,
    @Inject(KAFKA_SETTINGS) settings: KafkaSettings,
  ) {
    this.policy = settings.policy;
  }

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'rpc') return next.handle();
    const kafka = ctx.switchToRpc().getContext();
    if (!(kafka instanceof KafkaContext)) return next.handle();
    const outbox = this.workers.outboxOf(kafka.getTopic(), kafka.getPartition(), kafka.getMessage().offset);
    // A message no worker of this service fetched (another server's): Nest's own handling.
    if (!outbox) return next.handle();
    bindOutbox(kafka, outbox);
    return defer(async () => {
      const result = await this.process(kafka, outbox, () => lastValueFrom(next.handle(), { defaultValue: undefined }));
      outbox.seal();
      return result;
    });
  }

  /** Runs the handler until it succeeds or its message is dead-lettered (then resolves undefined). */
  private async process<T>(kafka: KafkaContext, outbox: KafkaOutbox, handle: () => Promise<T>): Promise<T | undefined> {
    const span = trace.getActiveSpan();
    let failures = 0;
    for (let attempt = 1; ; attempt += 1) {
      try {
        outbox.discard();
        const result = await handle();
        if (attempt > 1) span?.setAttribute(ATTR_ITUNA_DELIVERY_ATTEMPTS, attempt);
        return result;
      } catch (err) {
        // kafkajs stops the consumer on it; KafkaConsumerSupervisor reports that and restarts it.
        if (err instanceof FatalConsumerError) throw err;
        if (err instanceof InvalidMessageError)
          return void (await this.deadLetter(kafka, outbox, span, err.reason, { attempts: attempt, error: err }));
        if (this.stopping) throw new DeliveryStoppedError();
        span?.addEvent(EVENT_ITUNA_DELIVERY_RETRY, {
          [ATTR_ITUNA_DELIVERY_ATTEMPT]: attempt,
          [ATTR_ERROR_TYPE]: errorClass(err),
        });
        if (isKafkaUnavailableError(err)) {
          await this.holdForKafka(kafka, err, attempt);
          continue;
        }
        failures += 1;
        if (failures >= this.policy.attempts) {
          span?.setAttribute(ATTR_ITUNA_DELIVERY_ATTEMPTS, attempt);
          return void (await this.deadLetter(
            kafka,
            outbox,
            span,
            `handler failed ${failures} times (${errorClass(err)})`,
            { attempts: attempt, error: err },
          ));
        }
        this.logger.warn(
          {
            topic: kafka.getTopic(),
            partition: kafka.getPartition(),
            offset: kafka.getMessage().offset,
            attempt,
            error: errorClass(err),
          },
          `Handler failed (${errorClass(err)}); trying again`,
        );
        await this.pause(
          backoffDelay(failures, this.policy.backoffMs, this.policy.backoffMs * 2 ** this.policy.attempts),
        );
      }
    }
  }

  /**
   * Stages the dead letter in the message's outbox in place of what the handler wrote; while Kafka
   * does not answer (the dead-letter topic's partitions, its size limit), it is tried again: the
   * message is never skipped.
   */
  private async deadLetter(
    kafka: KafkaContext,
    outbox: KafkaOutbox,
    span: Span | undefined,
    reason: string,
    detail: { attempts: number; error: Error },
  ): Promise<void> {
    const source = { topic: kafka.getTopic(), partition: kafka.getPartition(), message: kafka.getMessage() };
    for (let attempt = 1; ; attempt += 1) {
      try {
        outbox.discard();
        return await this.deadLetters.publish(outbox, source, reason, {
          attempts: detail.attempts,
          errorClass: errorClass(detail.error),
        });
      } catch (err) {
        if (this.stopping) throw new DeliveryStoppedError();
        span?.addEvent(EVENT_ITUNA_DELIVERY_RETRY, {
          [ATTR_ITUNA_DELIVERY_ATTEMPT]: attempt,
          [ATTR_ERROR_TYPE]: errorClass(err),
        });
        await this.holdForKafka(kafka, err, attempt);
      }
    }
  }

  /** Waits before the next try of a write Kafka did not take, keeping the group membership alive. */
  private async holdForKafka(kafka: KafkaContext, err: unknown, attempt: number): Promise<void> {
    const now = Date.now();
    if (now - this.lastHoldLog >= this.policy.logIntervalMs) {
      this.lastHoldLog = now;
      this.logger.warn(
        {
          topic: kafka.getTopic(),
          partition: kafka.getPartition(),
          offset: kafka.getMessage().offset,
          error: errorClass(err),
        },
        `Kafka is not taking writes (${errorClass(err)}); holding ${kafka.getTopic()}[${kafka.getPartition()}] at offset ${kafka.getMessage().offset} and trying again`,
      );
    }
    await this.pause(backoffDelay(attempt, 250, this.policy.maxKafkaBackoffMs));
    // Kafka may be back: tell the group this member is alive, or learn that it must rejoin.
    await kafka
      .getHeartbeat()()
      .catch(() => undefined);
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeUps.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeUps.add(done);
    });
  }

  onModuleDestroy(): void {
    this.stopping = true;
    this.wakeUps.forEach((wake) => wake());
  }
}
