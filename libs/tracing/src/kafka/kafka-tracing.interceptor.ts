import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor, Optional } from '@nestjs/common';
import { trace } from '@opentelemetry/api';
import { Observable } from 'rxjs';
import { runInSpan } from '../run-in-span';
import { KAFKA_TRACING_OPTIONS } from '../tracing.constants';
import {
  ConsumedMessage,
  consumerAttributesOf,
  producerContextOf,
  producerLinks,
  startConsumerSpan,
} from './consumer-span';
import { isKafkajsInstrumented } from './kafkajs-instrumentation';

export interface KafkaTracingInterceptorOptions {
  /** The group as Kafka sees it (use kafkaConsumerGroup() to add Nest's postfix). */
  consumerGroup?: string;
}

/** What the interceptor reads from Nest's KafkaContext (duck-typed: no second copy of Nest matters). */
interface KafkaContextLike {
  getTopic(): string;
  getPartition(): number;
  getMessage(): ConsumedMessage;
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
    const from = { topic: kafka.getTopic(), partition: kafka.getPartition(), consumerGroup: this.consumerGroup };

    const active = trace.getActiveSpan();
    if (active && isKafkajsInstrumented()) {
      // instrumentation-kafkajs already extracted the headers and made `process <topic>`.
      active.setAttributes(consumerAttributesOf(from, message));
      producerLinks(producerContextOf(message)).forEach((l) => active.addLink(l));
      return next.handle();
    }

    const { span, parent } = startConsumerSpan(from, message);
    return runInSpan(span, parent, () => next.handle());
  }
}
