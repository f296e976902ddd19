import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor, Optional } from '@nestjs/common';
import { Observable, tap } from 'rxjs';
import { runInSpan } from '../run-in-span';
import { KAFKA_TRACING_OPTIONS } from '../tracing.constants';
import { enrichInstrumentedSpan, startConsumerSpan } from './consumer-span';
import { kafkaContextOf } from './kafka-context';
import { hookedSpanOf, recordHandlerError } from './kafka-server-tracing';
import type { KafkaTracingInterceptorOptions } from './kafka-tracing-options';

/** Kafka contexts an interceptor already made the span of. */
const traced = new WeakSet<object>();

/**
 * One CONSUMER span `process <topic>` per Kafka message, child of the producer's context from
 * the message headers (and linked to it), active while the handler runs and ended when the
 * handler's work ends. When KafkaServerTracing (TracingModule, NestJS 11 and later) or
 * instrumentation-kafkajs already made that span, it is enriched instead (the handler's errors
 * recorded on it), so there is never a second one. Non-Kafka contexts pass through untouched.
 */
@Injectable()
export class KafkaTracingInterceptor implements NestInterceptor {
  private readonly consumerGroup?: string;

  constructor(@Optional() @Inject(KAFKA_TRACING_OPTIONS) options?: KafkaTracingInterceptorOptions) {
    this.consumerGroup = options?.consumerGroup;
  }

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const kafka = ctx.getType() === 'rpc' ? kafkaContextOf(ctx.switchToRpc().getContext()) : undefined;
    if (!kafka) return next.handle();

    // KafkaServerTracing (TracingModule) opened the span around the whole handler: its errors only.
    if (hookedSpanOf(kafka))
      return next.handle().pipe(tap({ error: (err: unknown) => recordHandlerError(kafka, err) }));

    const message = kafka.getMessage();
    const from = { topic: kafka.getTopic(), partition: kafka.getPartition(), consumerGroup: this.consumerGroup };

    // instrumentation-kafkajs made the span: enriched, not a second one.
    if (enrichInstrumentedSpan(from, message)) return next.handle();

    // Registered twice (TracingModule's APP_INTERCEPTOR and the app's own): one span.
    if (traced.has(kafka)) return next.handle();
    traced.add(kafka);
    const { span, parent } = startConsumerSpan(from, message);
    return runInSpan(span, parent, () => next.handle());
  }
}
