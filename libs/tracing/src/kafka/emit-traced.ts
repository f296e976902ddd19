import { Attributes, SpanKind, context, propagation, trace } from '@opentelemetry/api';
import { lastValueFrom, Observable } from 'rxjs';
import { TRACER_NAME } from '../tracer';
import { recordError } from '../utils';
import { ackAttributes, producerAttributes } from './kafka-attributes';
import { KafkaHeaders, kafkaHeadersSetter } from './kafka-headers';
import { isKafkajsInstrumented } from './kafkajs-instrumentation';

/** The part of Nest's ClientKafka that publishing needs. */
export interface KafkaEmitter {
  emit<TResult = unknown, TInput = unknown>(pattern: string, data: TInput): Observable<TResult>;
}

/** Nest's Kafka envelope: key and headers travel beside the value. */
export interface KafkaEnvelope<T = unknown> {
  key?: string | Buffer | null;
  value: T;
  headers?: Record<string, string | Buffer>;
}

export interface EmitTracedOptions {
  /** Extra span attributes (e.g. a business id); never put personal data here. */
  attributes?: Attributes;
  /**
   * Keep trace headers the message already has (a dead letter keeps its original headers);
   * by default the producer span's context replaces them.
   */
  keepExistingContext?: boolean;
}

interface RecordMetadataLike {
  partition?: number;
  baseOffset?: string;
  offset?: string;
}

/**
 * Publishes one message as exactly one PRODUCER span `send <topic>` and injects traceparent,
 * tracestate and baggage into the headers. Resolves with what the emitter answers, and the span
 * records where the record goes:
 * - Nest's ClientKafka (or any emitter that sends at once): the broker's acknowledgement (the
 *   producer's acks setting, all in-sync replicas by default), partition and offset; it rejects
 *   when the write fails, so callers never report success for a message that is not in Kafka.
 * - An emitter that stages the record for a transaction (an exactly-once outbox): the partition
 *   it will be written to, with no offset. The record is not in Kafka yet: it becomes visible to
 *   read-committed consumers when the transaction commits, or never.
 */
export async function emitTraced<T>(
  client: KafkaEmitter,
  topic: string,
  message: KafkaEnvelope<T>,
  options: EmitTracedOptions = {},
): Promise<RecordMetadataLike[]> {
  const headers: KafkaHeaders = { ...(message.headers ?? {}) };
  if (isKafkajsInstrumented()) {
    // instrumentation-kafkajs makes the `send <topic>` span and injects the headers itself.
    return send(client, topic, { ...message, headers: headers as Record<string, string> });
  }

  const span = trace.getTracer(TRACER_NAME).startSpan(`send ${topic}`, {
    kind: SpanKind.PRODUCER,
    attributes: { ...producerAttributes({ topic, key: message.key }), ...options.attributes },
  });
  const ctx = trace.setSpan(context.active(), span);
  const injected: KafkaHeaders = {};
  propagation.inject(ctx, injected, kafkaHeadersSetter);
  const merged = options.keepExistingContext ? { ...injected, ...headers } : { ...headers, ...injected };
  try {
    const acks = await context.with(ctx, () =>
      send(client, topic, { ...message, headers: merged as Record<string, string> }),
    );
    span.setAttributes(ackAttributes(acks?.[0]));
    return acks;
  } catch (err) {
    recordError(span, err);
    throw err;
  } finally {
    span.end();
  }
}

async function send(client: KafkaEmitter, topic: string, envelope: KafkaEnvelope): Promise<RecordMetadataLike[]> {
  const result = await lastValueFrom(client.emit<RecordMetadataLike[] | undefined>(topic, envelope), {
    defaultValue: undefined,
  });
  return result ?? [];
}
