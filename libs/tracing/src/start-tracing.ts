import { randomUUID } from 'node:crypto';
import { trace } from '@opentelemetry/api';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator, getBooleanFromEnv, getNumberFromEnv, getStringFromEnv, setGlobalErrorHandler } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { ExpressInstrumentation, ExpressLayerType } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { KafkaJsInstrumentation } from '@opentelemetry/instrumentation-kafkajs';
import { PinoInstrumentation } from '@opentelemetry/instrumentation-pino';
import { defaultResource, detectResources, envDetector, hostDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace';
import { ATTR_DEPLOYMENT_ENVIRONMENT_NAME, ATTR_SERVICE_INSTANCE_ID, ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from './semconv';
import { EdgeContextFilter, callerSpanContext } from './edge-context-filter';
import { RecreatingSpanExporter } from './recreating-exporter';
import { RedactingSpanProcessor } from './redacting-span-processor';
import { kafkaHeadersGetter } from './kafka/kafka-headers';
import { throttledErrorHandler } from './throttled-error-handler';
import type { InstrumentationSwitches, TracingHandle, TracingOptions } from './types';

let current: TracingHandle | undefined;

/** The handle of the running SDK, if startTracing() was called. */
export function getTracing(): TracingHandle | undefined {
  return current;
}

/**
 * Starts the OpenTelemetry SDK. Call it first in main.ts, before NestJS (or anything it
 * instruments) is loaded. Standard OTEL_* variables apply (endpoint, sampler, OTEL_SDK_DISABLED,
 * OTEL_RESOURCE_ATTRIBUTES, OTEL_BSP_*).
 */
export function startTracing(options: TracingOptions = {}): TracingHandle {
  if (current) return current;
  const serviceName = options.serviceName ?? getStringFromEnv('OTEL_SERVICE_NAME') ?? 'unknown_service:node';
  const trustHttp = options.trustIncomingHttpContext ?? !/^false$/i.test(process.env.ITUNA_TRUST_INCOMING_TRACE_CONTEXT ?? '');
  const w3c = new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] });
  const sdk = new NodeSDK({
    resource: buildResource(serviceName, options),
    autoDetectResources: false,
    // At a public edge, incoming HTTP context is not trusted: only Kafka headers are read.
    textMapPropagator: trustHttp ? w3c : new EdgeContextFilter(w3c, new Set([kafkaHeadersGetter])),
    spanProcessors: [
      withoutCallerAttributes(options, new BatchSpanProcessor({
        exporter: options.exporter ?? new RecreatingSpanExporter(() => new OTLPTraceExporter()),
        // Bounded: when the collector is away, spans beyond the queue are dropped, never buffered without end.
        maxQueueSize: getNumberFromEnv('OTEL_BSP_MAX_QUEUE_SIZE') ?? options.batch?.maxQueueSize ?? 4096,
        maxExportBatchSize: getNumberFromEnv('OTEL_BSP_MAX_EXPORT_BATCH_SIZE') ?? options.batch?.maxExportBatchSize ?? 512,
        scheduledDelayMillis: getNumberFromEnv('OTEL_BSP_SCHEDULE_DELAY') ?? options.batch?.scheduledDelayMillis ?? 1000,
        exportTimeoutMillis: getNumberFromEnv('OTEL_BSP_EXPORT_TIMEOUT') ?? options.batch?.exportTimeoutMillis ?? 10_000,
      })),
    ],
    instrumentations: instrumentations(options.instrumentations, trustHttp),
    spanLimits: { attributeValueLengthLimit: attributeValueLengthLimit(options) },
  });
  const log = options.onExportError ?? ((message: string) => process.stderr.write(`${message}\n`));
  setGlobalErrorHandler(throttledErrorHandler(log));
  sdk.start();

  const enabled = !getBooleanFromEnv('OTEL_SDK_DISABLED');
  let stopping: Promise<void> | undefined;
  current = {
    enabled,
    serviceName,
    forceFlush: async () => {
      // NodeSDK has no forceFlush; the registered provider does.
      const provider = trace.getTracerProvider() as { getDelegate?: () => unknown };
      const delegate = (provider.getDelegate?.() ?? provider) as { forceFlush?: () => Promise<void> };
      await delegate.forceFlush?.();
    },
    shutdown: () => (stopping ??= sdk.shutdown().catch((err) => log(`OpenTelemetry shutdown: ${err?.message ?? err}`))),
  };
  return current;
}

/** The caller's address, port and user agent stay out of the spans unless asked for (ITUNA_TRACE_CLIENT_DETAILS=true). */
function withoutCallerAttributes(options: TracingOptions, processor: SpanProcessor): SpanProcessor {
  const record = options.recordClientDetails ?? getBooleanFromEnv('ITUNA_TRACE_CLIENT_DETAILS');
  return record ? processor : new RedactingSpanProcessor(processor);
}

/** The specification's variables first (the span-specific one wins), then the option, then 1024. */
export function attributeValueLengthLimit(options: TracingOptions = {}, env: NodeJS.ProcessEnv = process.env): number {
  for (const name of ['OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT', 'OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT']) {
    const raw = env[name]?.trim();
    if (!raw) continue;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number >= 0 (got "${raw}")`);
    return value;
  }
  return options.attributeValueLengthLimit ?? DEFAULT_ATTRIBUTE_VALUE_LENGTH_LIMIT;
}

const DEFAULT_ATTRIBUTE_VALUE_LENGTH_LIMIT = 1024;

function buildResource(serviceName: string, options: TracingOptions) {
  const ours = resourceFromAttributes({
    [ATTR_SERVICE_NAME]: serviceName,
    [ATTR_SERVICE_VERSION]: options.serviceVersion ?? process.env.npm_package_version ?? '0.0.0',
    [ATTR_SERVICE_INSTANCE_ID]: randomUUID(),
    [ATTR_DEPLOYMENT_ENVIRONMENT_NAME]: options.environment ?? process.env.DEPLOYMENT_ENVIRONMENT ?? process.env.NODE_ENV ?? 'development',
  });
  // Later merges win: OTEL_RESOURCE_ATTRIBUTES may add attributes, the explicit options decide ours.
  return defaultResource().merge(detectResources({ detectors: [hostDetector, envDetector] })).merge(ours);
}

function instrumentations(switches: InstrumentationSwitches = {}, trustHttp = true): Instrumentation[] {
  const on = { http: true, express: true, pino: true, kafkajs: false, ...switches };
  const list: Instrumentation[] = [];
  if (on.http) {
    list.push(
      new HttpInstrumentation({
        // Health probes every few seconds would bury the orders in noise.
        ignoreIncomingRequestHook: (req) => req.url === '/health',
        // Untrusted edge: the server span starts a new trace; the caller's context stays visible as a link.
        ...(trustHttp
          ? {}
          : {
              requestHook: (span, request) => {
                if (!('headers' in request) || 'getHeader' in request) return;
                const caller = callerSpanContext(request);
                if (caller) span.addLink({ context: caller, attributes: { 'ituna.link.reason': 'untrusted caller context' } });
              },
            }),
      }),
    );
  }
  // Express adds the route to the HTTP span's name ("POST /orders"); its per-middleware spans are
  // noise here, and without them a handler's spans sit right under the HTTP server span.
  if (on.express) list.push(new ExpressInstrumentation({ ignoreLayersType: [ExpressLayerType.MIDDLEWARE, ExpressLayerType.REQUEST_HANDLER, ExpressLayerType.ROUTER] }));
  // Correlation only: trace_id, span_id and trace_flags on each line; logs stay on stdout.
  if (on.pino) list.push(new PinoInstrumentation({ disableLogSending: true }));
  if (on.kafkajs) list.push(new KafkaJsInstrumentation());
  return list;
}
