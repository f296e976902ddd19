import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor, Optional } from '@nestjs/common';
import { Link, ROOT_CONTEXT, SpanKind, propagation, trace } from '@opentelemetry/api';
import { Observable } from 'rxjs';
import { runInSpan } from '../run-in-span';
import { KAFKA_TRACING_OPTIONS } from '../tracing.constants';
import { TRACER_NAME } from '../tracer';
import { consumerAttributes } from './kafka-attributes';
import { KafkaHeaders, kafkaHeadersGetter } from './kafka-headers';
import { isKafkajsInstrumented } from './kafkajs-instrumentation';

export interface KafkaTracingInterceptorOptions {
  /** The group as Kafka sees it (use kafkaConsumerGroup() to add Nest's postfix). */
  consumerGroup?: string;
}

/** What the interceptor reads from Nest's KafkaContext (duck-typed: no second copy of Nest matters). */
interface KafkaContextLike {
  getTopic(): string;
  getPartition(): number;
  getMessage(): { key: Buffer | string | null; offset: string; headers?: KafkaHeaders };
}

function kafkaContextOf(ctx: ExecutionContext): KafkaContextLike | undefined {
  if (ctx.getType() !== 'rpc') return undefined;
  const rpc = ctx.switchToRpc().getContext();
  return rpc && typeof rpc.getTopic === 'function' && typeof rpc.getMessage === 'function' ? rpc : undefined;
}

/**
 * One CONSUMER span `process <topic>` per Kafka message, child of the producer's context from
 * the message headers (and linked to it), active while the handler runs and ended when the
 * handler's work ends. When instrumentation-kafkajs already made that span, it is enriched
 * instead, so there is never a second one. Non-Kafka contexts pass through untouched.
 */
@Injectable()
export class KafkaTracingInterceptor implements NestInterceptor {
  private readonly consumerGroup?: string;

  constructor(@Optional() @Inject(KAFKA_TRACING_OPTIONS) options?: KafkaTracingInterceptorOptions) {
    this.consumerGroup = options?.consumerGroup;
  }

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const kafka = kafkaContextOf(ctx);
    if (!kafka) return next.handle();

    const message = kafka.getMessage();
    const topic = kafka.getTopic();
    const attributes = consumerAttributes({
      topic,
      partition: kafka.getPartition(),
      offset: message.offset,
      key: message.key,
      consumerGroup: this.consumerGroup,
    });

    const producerContext = propagation.extract(ROOT_CONTEXT, message.headers ?? {}, kafkaHeadersGetter);
    const producerSpanContext = trace.getSpanContext(producerContext);
    const link: Link[] = producerSpanContext ? [{ context: producerSpanContext }] : [];

    const active = trace.getActiveSpan();
    if (active && isKafkajsInstrumented()) {
      // instrumentation-kafkajs already extracted the headers and made `process <topic>`.
      active.setAttributes(attributes);
      link.forEach((l) => active.addLink(l));
      return next.handle();
    }

    const span = trace
      .getTracer(TRACER_NAME)
      .startSpan(`process ${topic}`, { kind: SpanKind.CONSUMER, attributes, links: link }, producerContext);
    return runInSpan(span, producerContext, () => next.handle());
  }
}
