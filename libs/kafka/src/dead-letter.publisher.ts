import { Inject, Injectable, Logger } from '@nestjs/common';
import { ClientKafka, KafkaContext } from '@nestjs/microservices';
import { emitTraced, recordError } from '@ituna/tracing';
import { trace } from '@opentelemetry/api';
import { ATTR_ITUNA_DLQ_REASON, DLQ_HEADERS, deadLetterTopicOf } from '@ituna/contracts';
import { KAFKA_PRODUCER } from './kafka-producer';
import { SERVICE_NAME } from './service-name';

/** A value this large would not fit the dead-letter topic next to its headers; keep its start. */
const MAX_DLQ_VALUE_BYTES = 512 * 1024;
const KEPT_BYTES_OF_LARGE_VALUE = 64 * 1024;

/** Nest's parser turns header bytes into strings, or into objects when they look like JSON. */
function headerBytes(value: unknown): string | Buffer {
  if (Buffer.isBuffer(value) || typeof value === 'string') return value;
  return JSON.stringify(value);
}

/**
 * Moves a message that is not a valid order to `<topic>.dlq`: its original key, value bytes and
 * headers, plus headers that say why and where it came from. The caller then returns normally,
 * so the consumer commits past it and the partition keeps flowing.
 */
@Injectable()
export class DeadLetterPublisher {
  private readonly logger = new Logger(DeadLetterPublisher.name);

  constructor(
    @Inject(KAFKA_PRODUCER) private readonly producer: ClientKafka,
    @Inject(SERVICE_NAME) private readonly serviceName: string,
  ) {}

  async publish(ctx: KafkaContext, reason: string): Promise<void> {
    const message = ctx.getMessage();
    const topic = deadLetterTopicOf(ctx.getTopic());
    const original = Object.fromEntries(Object.entries(message.headers ?? {}).filter(([, v]) => v !== undefined && v !== null).map(([k, v]) => [k, headerBytes(v)]));
    const value = message.value ?? null;
    const tooLarge = value !== null && value.length > MAX_DLQ_VALUE_BYTES;
    const active = trace.getActiveSpan();
    if (active) {
      active.setAttribute(ATTR_ITUNA_DLQ_REASON, reason);
      recordError(active, new Error(`dead-lettered: ${reason}`));
    }
    await emitTraced(
      this.producer,
      topic,
      {
        key: message.key ?? null,
        value: tooLarge ? value.subarray(0, KEPT_BYTES_OF_LARGE_VALUE) : value,
        headers: {
          ...original,
          [DLQ_HEADERS.reason]: reason,
          [DLQ_HEADERS.sourceTopic]: ctx.getTopic(),
          [DLQ_HEADERS.sourcePartition]: String(ctx.getPartition()),
          [DLQ_HEADERS.sourceOffset]: String(message.offset),
          [DLQ_HEADERS.service]: this.serviceName,
          [DLQ_HEADERS.failedAt]: new Date().toISOString(),
          ...(tooLarge ? { [DLQ_HEADERS.truncatedFrom]: String(value.length) } : {}),
        },
      },
      { keepExistingContext: true, attributes: { [ATTR_ITUNA_DLQ_REASON]: reason } },
    );
    this.logger.warn({ topic: ctx.getTopic(), partition: ctx.getPartition(), offset: message.offset, reason }, `Message moved to ${topic}`);
  }
}
