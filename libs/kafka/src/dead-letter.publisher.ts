import { Inject, Injectable, Logger } from '@nestjs/common';
import { ClientKafka, KafkaContext } from '@nestjs/microservices';
import { emitTraced, recordError } from '@ituna/tracing';
import { trace } from '@opentelemetry/api';
import { ATTR_ITUNA_DLQ_REASON, DLQ_HEADERS, deadLetterTopicOf } from '@ituna/contracts';
import { DEAD_LETTER_LIMITS, KAFKA_PRODUCER, KAFKA_SERVICE_NAME } from './kafka.constants';
import { isPermanentRecordError } from './retriable';
import { fitDeadLetter } from './dead-letter-record';
import type { DeadLetterLimits } from './dead-letter-record';

export interface DeadLetterDetail {
  /** How many times the handler ran. */
  attempts: number;
  /** The class of the error that sent the message here. */
  errorClass: string;
}

/**
 * Moves a message to `<topic>.dlq`: its original key, value bytes and headers (cut to fit the
 * broker's record size), plus headers that say why, where it came from and after how many tries.
 * If the broker still refuses the record as too large, a minimal one (reason and source only) is
 * written instead, so a dead letter is never lost to its own size.
 */
@Injectable()
export class DeadLetterPublisher {
  private readonly logger = new Logger(DeadLetterPublisher.name);

  constructor(
    @Inject(KAFKA_PRODUCER) private readonly producer: ClientKafka,
    @Inject(KAFKA_SERVICE_NAME) private readonly serviceName: string,
    @Inject(DEAD_LETTER_LIMITS) private readonly limits: DeadLetterLimits,
  ) {}

  async publish(
    ctx: KafkaContext,
    reason: string,
    detail: DeadLetterDetail = { attempts: 1, errorClass: 'InvalidMessageError' },
  ): Promise<void> {
    const message = ctx.getMessage();
    const topic = deadLetterTopicOf(ctx.getTopic());
    const ours: Record<string, string> = {
      [DLQ_HEADERS.reason]: reason,
      [DLQ_HEADERS.sourceTopic]: ctx.getTopic(),
      [DLQ_HEADERS.sourcePartition]: String(ctx.getPartition()),
      [DLQ_HEADERS.sourceOffset]: String(message.offset),
      [DLQ_HEADERS.service]: this.serviceName,
      [DLQ_HEADERS.failedAt]: new Date().toISOString(),
      [DLQ_HEADERS.attempts]: String(detail.attempts),
      [DLQ_HEADERS.error]: detail.errorClass,
    };
    const active = trace.getActiveSpan();
    if (active) {
      active.setAttribute(ATTR_ITUNA_DLQ_REASON, reason);
      recordError(active, new Error(`dead-lettered: ${reason}`));
    }
    const record = fitDeadLetter(
      { key: message.key, value: message.value, headers: message.headers ?? {} },
      ours,
      this.limits,
    );
    try {
      await this.send(topic, record, reason);
    } catch (err) {
      if (!isPermanentRecordError(err)) throw err;
      this.logger.warn(
        { topic, reason },
        `The broker refused the dead letter as too large; writing a minimal one to ${topic}`,
      );
      await this.send(topic, { key: null, value: null, headers: ours }, reason);
    }
    this.logger.warn(
      {
        topic: ctx.getTopic(),
        partition: ctx.getPartition(),
        offset: message.offset,
        reason,
        attempts: detail.attempts,
      },
      `Message moved to ${topic}`,
    );
  }

  private send(
    topic: string,
    record: { key: Buffer | string | null; value: Buffer | string | null; headers: Record<string, string | Buffer> },
    reason: string,
  ) {
    return emitTraced(this.producer, topic, record, {
      keepExistingContext: true,
      attributes: { [ATTR_ITUNA_DLQ_REASON]: reason },
    });
  }
}
