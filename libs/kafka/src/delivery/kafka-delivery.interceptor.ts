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
import {
  ATTR_ITUNA_DELIVERY_ATTEMPT,
  ATTR_ITUNA_DELIVERY_ATTEMPTS,
  EVENT_ITUNA_DELIVERY_RETRY,
} from '@ituna/contracts';
import { ATTR_ERROR_TYPE } from '@opentelemetry/semantic-conventions';
import { Observable, defer, lastValueFrom } from 'rxjs';
import { DeadLetterPublisher } from '../dead-letter.publisher';
import { isKafkaUnavailableError } from '../retriable';
import { errorClass } from './error-class';
import { DeliveryStoppedError } from './delivery-stopped.error';
import { KafkaTransactions } from '../transaction/kafka-transactions';
import { withStagedRecords } from '../transaction/staged-records';
import { DELIVERY_POLICY } from '../kafka.constants';
import { backoffDelay } from './delivery-policy';
import type { DeliveryPolicy } from './delivery-policy';
import { FatalConsumerError } from './fatal-consumer.error';
import { InvalidMessageError } from './invalid-message.error';

/**
 * What happens to a Kafka message whose handler does not return normally, in three classes:
 * - InvalidMessageError (not JSON, not an order): dead-lettered at once.
 * - Kafka cannot take a write the handler must make (any Kafka error but a record it can never
 *   take, such as one too large): the handler is
 *   run again with back-off for as long as it takes, holding only its own partition; never
 *   dead-lettered, never skipped. The log says so once per interval.
 * - Anything else (a bug, a step that throws): tried `attempts` times with exponential back-off,
 *   each failed try an event on the consumer span, then dead-lettered with the error's class.
 * The handler's error never reaches kafkajs, which would restart the whole consumer and stop every
 * partition; returning normally commits the offset, so the partition keeps flowing.
 *
 * Exactly-once (ITUNA_DELIVERY): each try's writes are held back, and those of the try that
 * succeeded are committed with the message's offset in one transaction (KafkaTransactions, which
 * tries that again, never the handler, until Kafka takes it). A failed try leaves nothing behind.
 */
@Injectable()
export class KafkaDeliveryInterceptor implements NestInterceptor, OnModuleDestroy {
  private readonly logger = new Logger(KafkaDeliveryInterceptor.name);
  private stopping = false;
  private readonly wakeUps = new Set<() => void>();
  private lastHoldLog = 0;

  constructor(
    private readonly deadLetters: DeadLetterPublisher,
    @Inject(DELIVERY_POLICY) private readonly policy: DeliveryPolicy,
    private readonly transactions: KafkaTransactions,
  ) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'rpc') return next.handle();
    const kafka = ctx.switchToRpc().getContext();
    if (!(kafka instanceof KafkaContext)) return next.handle();
    return defer(() => this.deliver(kafka, () => lastValueFrom(next.handle(), { defaultValue: undefined })));
  }

  private async deliver(kafka: KafkaContext, handle: () => Promise<unknown>): Promise<unknown> {
    if (!this.transactions.enabled) return this.process(kafka, handle);
    const outcome = await this.process(kafka, () => withStagedRecords(handle));
    await this.transactions.commit(kafka, outcome?.records ?? []);
    return outcome?.result;
  }

  /** Runs the handler until it succeeds or its message is dead-lettered (then resolves undefined). */
  private async process<T>(kafka: KafkaContext, handle: () => Promise<T>): Promise<T | undefined> {
    const span = trace.getActiveSpan();
    let failures = 0;
    for (let attempt = 1; ; attempt += 1) {
      try {
        const result = await handle();
        if (attempt > 1) span?.setAttribute(ATTR_ITUNA_DELIVERY_ATTEMPTS, attempt);
        return result;
      } catch (err) {
        // kafkajs stops the consumer on it; KafkaConsumerSupervisor reports that and restarts it.
        if (err instanceof FatalConsumerError) throw err;
        if (err instanceof InvalidMessageError)
          return void (await this.deadLetter(kafka, span, err.reason, { attempts: attempt, error: err }));
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
          return void (await this.deadLetter(kafka, span, `handler failed ${failures} times (${errorClass(err)})`, {
            attempts: attempt,
            error: err,
          }));
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
   * Writes the dead letter, trying again until Kafka takes it: the message is never skipped. (A
   * record too large is already replaced by a minimal one in the publisher.)
   */
  private async deadLetter(
    kafka: KafkaContext,
    span: Span | undefined,
    reason: string,
    detail: { attempts: number; error: Error },
  ): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.deadLetters.publish(kafka, reason, {
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
