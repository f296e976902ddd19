import { Inject, Injectable, Logger } from '@nestjs/common';
import { trace } from '@opentelemetry/api';
import { ATTR_ITUNA_DLQ_REASON, DLQ_HEADERS, deadLetterTopicOf } from '@ituna/contracts';
import { emitTraced, recordError, type KafkaEmitter } from '@ituna/tracing';
import { DEAD_LETTER_LIMITS, KAFKA_SETTINGS } from '../config/kafka.constants';
import type { KafkaSettings } from '../config/kafka-settings';
import { fitDeadLetter, type DeadLetterLimits } from './dead-letter-record';

/** A consumed message as the dead-letter topic keeps it. */
export interface DeadLetterSource {
  topic: string;
  partition: number;
  message: { offset: string; key?: unknown; value?: unknown; headers?: Record<string, unknown> };
}

export interface DeadLetterDetail {
  /** How many times the handler ran. */
  attempts: number;
  /** The class of the error that sent the message here. */
  errorClass: string;
  /** Only the headers that say why and where from: the broker refused the full record. */
  minimal?: boolean;
}

/**
 * Moves a message to `<topic>.dlq`: its original key, value bytes and headers (cut to fit the
 * broker's record size), plus headers that say why, where it came from and after how many tries.
 * It is staged in the message's outbox, so the partition's worker writes it as it writes any result:
 * exactly-once, in the message's transaction (committed with its offset, or neither). If the broker
 * refuses it as too large, the worker asks again with `minimal` (reason and source only).
 */
@Injectable()
export class DeadLetterPublisher {
  private readonly logger = new Logger(DeadLetterPublisher.name);

  constructor(
    @Inject(KAFKA_SETTINGS) private readonly settings: KafkaSettings,
    @Inject(DEAD_LETTER_LIMITS) private readonly limits: DeadLetterLimits,
  ) {}

  async publish(
    outbox: KafkaEmitter,
    source: DeadLetterSource,
    reason: string,
    detail: DeadLetterDetail = { attempts: 1, errorClass: 'InvalidMessageError' },
  ): Promise<void> {
    const { message } = source;
    const topic = deadLetterTopicOf(source.topic);
    const ours: Record<string, string> = {
      [DLQ_HEADERS.reason]: reason,
      [DLQ_HEADERS.sourceTopic]: source.topic,
      [DLQ_HEADERS.sourcePartition]: String(source.partition),
      [DLQ_HEADERS.sourceOffset]: String(message.offset),
      [DLQ_HEADERS.service]: this.settings.serviceName,
      [DLQ_HEADERS.failedAt]: new Date().toISOString(),
      [DLQ_HEADERS.attempts]: String(detail.attempts),
      [DLQ_HEADERS.error]: detail.errorClass,
    };
    const active = trace.getActiveSpan();
    if (active) {
      active.setAttribute(ATTR_ITUNA_DLQ_REASON, reason);
      recordError(active, new Error(`dead-lettered: ${reason}`));
    }
    const minimal = { key: null, value: null, headers: ours };
    const record = detail.minimal
      ? minimal
      : fitDeadLetter({ key: message.key, value: message.value, headers: message.headers ?? {} }, ours, this.limits);
    await this.send(outbox, topic, record, reason);
    this.logger.warn(
      { topic: source.topic, partition: source.partition, offset: message.offset, reason, attempts: detail.attempts },
      `Message moved to ${topic}`,
    );
  }

  private send(
    outbox: KafkaEmitter,
    topic: string,
    record: { key: Buffer | string | null; value: Buffer | string | null; headers: Record<string, string | Buffer> },
    reason: string,
  ) {
    return emitTraced(outbox, topic, record, {
      keepExistingContext: true,
      attributes: { [ATTR_ITUNA_DLQ_REASON]: reason },
    });
  }
}
