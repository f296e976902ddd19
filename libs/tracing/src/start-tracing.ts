import { randomUUID } from 'node:crypto';
import { trace } from '@opentelemetry/api';
import { getBooleanFromEnv, setGlobalErrorHandler } from '@opentelemetry/core';
import {
  defaultResource,
  detectResources,
  hostDetector,
  resourceAttributesEnvDetector,
  resourceFromAttributes,
  serviceNameEnvDetector,
} from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import {
  BatchSpanProcessor,
  ConsoleSpanExporter,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace';
import { batchSettings } from './batch-settings';
import {
  ATTR_DEPLOYMENT_ENVIRONMENT_NAME,
  ATTR_SERVICE_INSTANCE_ID,
  ATTR_SERVICE_NAME,
  ATTR_SERVICE_VERSION,
} from './semconv';
import { EdgeContextFilter } from './edge-context-filter';
import { autoInstrumentations } from './instrumentations';
import { RecreatingSpanExporter } from './recreating-exporter';
import { CountingSpanExporter } from './counting-span-exporter';
import { CountingSpanProcessor } from './counting-span-processor';
import { RedactingSpanProcessor } from './redacting-span-processor';
import { SpanCounter } from './span-counter';
import { reportSpanDrops } from './span-drop-reporter';
import { queueDropMeterProvider } from './queue-drop-meter';
import { kafkaHeadersGetter } from './kafka/kafka-headers';
import { otlpProtocolFromEnv, propagatorFromEnv, tracesExportersFromEnv } from './otel-env';
import { throttledErrorHandler } from './throttled-error-handler';
import type { TracingHandle, TracingOptions } from './types';

let current: TracingHandle | undefined;

/** Starts the line ITUNA_TRACING_SPAN_COUNTS=true writes at shutdown and on SIGWINCH, before the SpanCounts as JSON. */
export const SPAN_COUNTS_PREFIX = 'OpenTelemetry span counts:';

/** The handle of the running SDK, if startTracing() was called. */
export function getTracing(): TracingHandle | undefined {
  return current;
}

/**
 * Starts the OpenTelemetry SDK. Call it first in main.ts, before NestJS (or anything it
 * instruments) is loaded. The standard OTEL_* variables override what the code passes (see the
 * README): OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES, OTEL_TRACES_EXPORTER,
 * OTEL_EXPORTER_OTLP_(TRACES_)PROTOCOL and _ENDPOINT, OTEL_PROPAGATORS, OTEL_SDK_DISABLED,
 * OTEL_TRACES_SAMPLER, OTEL_BSP_*, OTEL_(SPAN_)ATTRIBUTE_VALUE_LENGTH_LIMIT. Metrics and logs are
 * exported only when OTEL_METRICS_EXPORTER or OTEL_LOGS_EXPORTER names an exporter.
 */
export function startTracing(options: TracingOptions = {}): TracingHandle {
  if (current) return current;
  const serviceName = serviceNameOf(options);
  const trustHttp =
    options.trustIncomingHttpContext ?? !/^\s*false\s*$/i.test(process.env.ITUNA_TRUST_INCOMING_TRACE_CONTEXT ?? '');
  const propagator = propagatorFromEnv();
  const counter = new SpanCounter();
  const enabled = !getBooleanFromEnv('OTEL_SDK_DISABLED');
  const exporters = options.exporter
    ? [options.exporter]
    : tracesExportersFromEnv().map((name) => (name === 'console' ? new ConsoleSpanExporter() : otlpExporter()));
  const sdk = new NodeSDK({
    resource: buildResource(options),
    autoDetectResources: false,
    // At a public edge, incoming HTTP context is not trusted: only Kafka headers are read.
    textMapPropagator: !propagator
      ? null
      : trustHttp
        ? propagator
        : new EdgeContextFilter(propagator, new Set([kafkaHeadersGetter])),
    spanProcessors: exporters.map((exporter) =>
      withoutCallerAttributes(
        options,
        new CountingSpanProcessor(
          new BatchSpanProcessor({
            exporter: new CountingSpanExporter(exporter, counter),
            ...batchSettings(options.batch),
            selfObsMeterProvider: queueDropMeterProvider((n) => (counter.dropped += n)),
          }),
          counter,
        ),
      ),
    ),
    // Disabled means no cost: an instrumentation hooks require() and patches modules as soon as it is made.
    instrumentations: enabled ? autoInstrumentations(options.instrumentations, trustHttp) : [],
    // Traces only, unless metrics or logs are asked for: NodeSDK would otherwise export both over
    // OTLP by default, and a trace backend such as Jaeger refuses them (an error every minute).
    ...(process.env.OTEL_METRICS_EXPORTER?.trim() ? {} : { metricReaders: [] }),
    ...(process.env.OTEL_LOGS_EXPORTER?.trim() ? {} : { logRecordProcessors: [] }),
    spanLimits: { attributeValueLengthLimit: attributeValueLengthLimit(options) },
  });
  const log = options.onExportError ?? ((message: string) => process.stderr.write(`${message}\n`));
  setGlobalErrorHandler(throttledErrorHandler(log, { spansFailed: () => counter.failedExport }));
  sdk.start();
  const stopDropReports = reportSpanDrops(counter, log);
  // ITUNA_TRACING_SPAN_COUNTS=true: the counts line on SIGWINCH too, so the bench can read them
  // phase by phase. SIGWINCH, because a process ignores it by default and Nest's shutdown hooks
  // do not take it (they take SIGUSR2).
  const printCounts = () => log(`${SPAN_COUNTS_PREFIX} ${JSON.stringify(counter.snapshot())}`);
  if (getBooleanFromEnv('ITUNA_TRACING_SPAN_COUNTS')) process.on('SIGWINCH', printCounts);

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
    shutdown: () =>
      (stopping ??= sdk
        .shutdown()
        .finally(stopDropReports)
        .catch((err) => log(`OpenTelemetry shutdown: ${err?.message ?? err}`))
        // ITUNA_TRACING_SPAN_COUNTS=true: one line at exit saying what became of the spans (the bench reads it).
        .then(() => (getBooleanFromEnv('ITUNA_TRACING_SPAN_COUNTS') ? printCounts() : undefined))),
    spanCounts: () => counter.snapshot(),
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

/** OTEL_SERVICE_NAME, else `service.name` in OTEL_RESOURCE_ATTRIBUTES, else the option: the environment overrides the code. */
function serviceNameOf(options: TracingOptions): string {
  const fromEnv =
    serviceNameEnvDetector.detect().attributes?.[ATTR_SERVICE_NAME] ??
    resourceAttributesEnvDetector.detect().attributes?.[ATTR_SERVICE_NAME];
  return String(fromEnv ?? options.serviceName ?? 'unknown_service:node');
}

function buildResource(options: TracingOptions) {
  const ours = resourceFromAttributes({
    [ATTR_SERVICE_NAME]: options.serviceName ?? 'unknown_service:node',
    [ATTR_SERVICE_VERSION]: options.serviceVersion ?? process.env.npm_package_version ?? '0.0.0',
    [ATTR_SERVICE_INSTANCE_ID]: randomUUID(),
    [ATTR_DEPLOYMENT_ENVIRONMENT_NAME]:
      options.environment ?? process.env.DEPLOYMENT_ENVIRONMENT ?? process.env.NODE_ENV ?? 'development',
  });
  // Later merges win: the code's values are defaults that OTEL_RESOURCE_ATTRIBUTES overrides, and
  // OTEL_SERVICE_NAME overrides both (the specification's order).
  return defaultResource()
    .merge(ours)
    .merge(detectResources({ detectors: [hostDetector, resourceAttributesEnvDetector, serviceNameEnvDetector] }));
}

/**
 * OTLP over OTEL_EXPORTER_OTLP_(TRACES_)PROTOCOL (gRPC by default); each reads its endpoint
 * variables itself. Only the protocol's own exporter is loaded: gRPC's takes 0.15 s of a start.
 */
function otlpExporter(): SpanExporter {
  const protocol = otlpProtocolFromEnv();
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { OTLPTraceExporter } =
    protocol === 'grpc'
      ? (require('@opentelemetry/exporter-trace-otlp-grpc') as typeof import('@opentelemetry/exporter-trace-otlp-grpc'))
      : protocol === 'http/protobuf'
        ? (require('@opentelemetry/exporter-trace-otlp-proto') as typeof import('@opentelemetry/exporter-trace-otlp-proto'))
        : (require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http'));
  /* eslint-enable @typescript-eslint/no-require-imports */
  return new RecreatingSpanExporter(() => new OTLPTraceExporter());
}
