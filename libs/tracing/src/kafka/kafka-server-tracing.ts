import { Inject, Injectable, OnModuleDestroy, Optional } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { Span, context, trace } from '@opentelemetry/api';
import type { Subscription } from 'rxjs';
import { KAFKA_TRACING_OPTIONS } from '../tracing.constants';
import { recordError } from '../utils';
import { enrichInstrumentedSpan, startConsumerSpan } from './consumer-span';
import type { KafkaTracingInterceptorOptions } from './kafka-tracing-options';
import { kafkaContextOf, type KafkaContextLike } from './kafka-context';

/** Nest's Transport.KAFKA (read by value: the enum's module is not loaded for it). */
const KAFKA_TRANSPORT = 6;

/** What Nest (11 and later) gives a server for instrumentation: a hook around each message. */
interface HookedServer {
  transportId?: unknown;
  setOnProcessingStartHook(hook: (transportId: unknown, ctx: unknown, done: () => Promise<unknown>) => unknown): void;
  setOnProcessingEndHook(hook: (transportId: unknown, ctx: unknown) => void): void;
}

/** The process span of each message a hooked server is handling, for the interceptor to enrich. */
const spans = new WeakMap<object, Span>();

/** Contexts whose handler error is already on their span (recorded by the interceptor, nearer the cause). */
const recorded = new WeakSet<object>();

/** The `process <topic>` span the server hook opened for this Kafka context, if any. */
export function hookedSpanOf(kafka: KafkaContextLike): Span | undefined {
  return spans.get(kafka);
}

/** Records the handler's own error on the hooked span, before Nest's filters turn it into an RpcException. */
export function recordHandlerError(kafka: KafkaContextLike, err: unknown): void {
  const span = spans.get(kafka);
  if (!span || recorded.has(kafka)) return;
  recorded.add(kafka);
  recordError(span, err);
}

/**
 * Opens the CONSUMER span `process <topic>` around every message of every Kafka server of the
 * app, through the processing hooks Nest gives each server (every server, whether made by
 * `createMicroservice` or `connectMicroservice`, is announced on the ModulesContainer). Unlike an
 * interceptor, it does not depend on how or when the app registers it: a hybrid app's
 * microservice, with or without `inheritAppConfig`, is covered. The span is the parent of
 * everything the handler does and ends when its work ends. A Kafka server without the hooks
 * stops the app at start, with the fix in the error.
 */
@Injectable()
export class KafkaServerTracing implements OnModuleDestroy {
  private readonly subscription?: Subscription;
  private readonly consumerGroup?: string;

  constructor(
    modules: ModulesContainer,
    @Optional() @Inject(KAFKA_TRACING_OPTIONS) options?: KafkaTracingInterceptorOptions,
  ) {
    this.consumerGroup = options?.consumerGroup;
    const registry = (modules as Partial<Pick<ModulesContainer, 'getRpcTargetRegistry'>>).getRpcTargetRegistry;
    // NestJS 10 announces no servers; there the interceptor, registered globally before
    // connectMicroservice, is the way (see the README).
    if (typeof registry !== 'function') return;
    this.subscription = registry.call(modules).subscribe((server) => this.hook(server as HookedServer));
  }

  private hook(server: HookedServer): void {
    if (server.transportId !== KAFKA_TRANSPORT) return;
    if (typeof server.setOnProcessingStartHook !== 'function' || typeof server.setOnProcessingEndHook !== 'function')
      throw new Error(
        'KafkaServerTracing: this Kafka server has no processing hooks (setOnProcessingStartHook), so its messages ' +
          "cannot continue their producers' traces. Extend ServerKafka from @nestjs/microservices 11 or later, " +
          'or register KafkaTracingInterceptor with app.useGlobalInterceptors() before connectMicroservice(..., { inheritAppConfig: true }).',
      );
    server.setOnProcessingStartHook((_transport, ctx, done) => this.start(ctx, done));
    server.setOnProcessingEndHook((_transport, ctx) => end(ctx));
  }

  private start(ctx: unknown, done: () => Promise<unknown>): Promise<unknown> {
    const kafka = kafkaContextOf(ctx);
    if (!kafka) return done();
    const message = kafka.getMessage();
    const from = { topic: kafka.getTopic(), partition: kafka.getPartition(), consumerGroup: this.consumerGroup };
    // instrumentation-kafkajs made the span: enriched, not ended here.
    if (enrichInstrumentedSpan(from, message)) return done();
    const { span, parent } = startConsumerSpan(from, message);
    spans.set(kafka, span);
    // ServerKafka's `done` settles once the handler's work has ended (it awaits the handler's
    // Observable); Nest calls the end hook only for Observables.
    return context.with(trace.setSpan(parent, span), done).then(
      (value) => {
        end(kafka);
        return value;
      },
      (err: unknown) => {
        recordHandlerError(kafka, err);
        end(kafka);
        throw err;
      },
    );
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
  }
}

function end(ctx: unknown): void {
  if (typeof ctx !== 'object' || ctx === null) return;
  const span = spans.get(ctx);
  if (!span) return;
  spans.delete(ctx);
  span.end();
}
