import { Context, Link, ROOT_CONTEXT, Span, SpanKind, propagation, trace } from '@opentelemetry/api';
import { TRACER_NAME } from '../tracer';
import { consumerAttributes } from './kafka-attributes';
import { KafkaHeaders, kafkaHeadersGetter } from './kafka-headers';
import { isKafkajsInstrumented } from './kafkajs-instrumentation';

/** The parts of a consumed kafkajs message a consumer span reads. */
export interface ConsumedMessage {
  key: Buffer | string | null;
  offset: string;
  headers?: KafkaHeaders;
}

/** Where the message was read: its topic and partition, and the consumer group as Kafka sees it. */
export interface ConsumedFrom {
  topic: string;
  partition: number;
  consumerGroup?: string;
}

/**
 * Starts the CONSUMER span `process <topic>` of one message: child of the producer's context from
 * its headers and linked to it (a new root trace when the headers carry none). Returns the span
 * and the producer's context to run the handler under.
 */
export function startConsumerSpan(from: ConsumedFrom, message: ConsumedMessage): { span: Span; parent: Context } {
  const parent = producerContextOf(message);
  const span = trace
    .getTracer(TRACER_NAME)
    .startSpan(
      `process ${from.topic}`,
      { kind: SpanKind.CONSUMER, attributes: consumerAttributesOf(from, message), links: producerLinks(parent) },
      parent,
    );
  return { span, parent };
}

export function consumerAttributesOf(from: ConsumedFrom, message: ConsumedMessage) {
  return consumerAttributes({ ...from, offset: message.offset, key: message.key });
}

/** The context the producer put in the message's headers (W3C trace context, baggage). */
export function producerContextOf(message: ConsumedMessage): Context {
  return propagation.extract(ROOT_CONTEXT, message.headers ?? {}, kafkaHeadersGetter);
}

/** The producer's span as a link, when the headers carry one. */
export function producerLinks(producerContext: Context): Link[] {
  const spanContext = trace.getSpanContext(producerContext);
  return spanContext ? [{ context: spanContext }] : [];
}

/**
 * The `process <topic>` span instrumentation-kafkajs already made, if it is active: given the
 * consumer attributes and the producer link, so that no second span is made. Undefined otherwise.
 */
export function enrichInstrumentedSpan(from: ConsumedFrom, message: ConsumedMessage): Span | undefined {
  const active = trace.getActiveSpan();
  if (!active || !isKafkajsInstrumented()) return undefined;
  active.setAttributes(consumerAttributesOf(from, message));
  producerLinks(producerContextOf(message)).forEach((l) => active.addLink(l));
  return active;
}
