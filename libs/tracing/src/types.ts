import type { Attributes, SpanKind } from '@opentelemetry/api';
import type { SpanExporter } from '@opentelemetry/sdk-trace';

export interface TracingOptions {
  /** `service.name`; falls back to OTEL_SERVICE_NAME. */
  serviceName?: string;
  /** `service.version`; falls back to npm_package_version, then "0.0.0". */
  serviceVersion?: string;
  /** `deployment.environment.name`; falls back to DEPLOYMENT_ENVIRONMENT, then NODE_ENV, then "development". */
  environment?: string;
  /** Which auto-instrumentations to enable (http, express and pino by default); OTEL_NODE_ENABLED_INSTRUMENTATIONS, when set, decides instead. */
  instrumentations?: InstrumentationSwitches;
  /** Replaces the OTLP gRPC exporter (tests use an in-memory one). */
  exporter?: SpanExporter;
  /** Batch span processor limits; OTEL_BSP_* variables override the defaults. */
  batch?: BatchOptions;
  /**
   * Trust trace context (and baggage) arriving over HTTP (default true; env
   * ITUNA_TRUST_INCOMING_TRACE_CONTEXT=false). When false, each request starts a new trace and
   * links the caller's span instead: for an edge that faces the internet.
   */
  trustIncomingHttpContext?: boolean;
  /**
   * Longest attribute value kept (longer strings are cut); OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT
   * or OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT override it. Default 1024: an attribute is a label, and
   * a value that echoes a large input must not bloat every span that carries it.
   */
  attributeValueLengthLimit?: number;
  /**
   * Keep the HTTP caller's address, port and user agent on server spans (default false; env
   * ITUNA_TRACE_CLIENT_DETAILS=true): they are personal data, and no trace needs them.
   */
  recordClientDetails?: boolean;
  /** Where export errors go (at most once a minute); defaults to a line on stderr. */
  onExportError?: (message: string) => void;
}

export interface InstrumentationSwitches {
  http?: boolean;
  express?: boolean;
  pino?: boolean;
  /** @opentelemetry/instrumentation-kafkajs: off by default, the interceptor and emitTraced do its work. */
  kafkajs?: boolean;
  /** @opentelemetry/instrumentation-nestjs-core: off by default (see the README). */
  nestjsCore?: boolean;
}

export interface BatchOptions {
  maxQueueSize?: number;
  maxExportBatchSize?: number;
  scheduledDelayMillis?: number;
  exportTimeoutMillis?: number;
}

export interface TracingHandle {
  /** False when OTEL_SDK_DISABLED=true: spans are no-ops and nothing is exported. */
  readonly enabled: boolean;
  readonly serviceName: string;
  /** Exports the spans still queued without stopping. */
  forceFlush(): Promise<void>;
  /** Flushes and stops the SDK; safe to call more than once. */
  shutdown(): Promise<void>;
  /** What became of the spans so far (see SpanCounts). */
  spanCounts(): SpanCounts;
}

/** Spans ended (and sampled) since start, and what became of them. */
export interface SpanCounts {
  ended: number;
  exported: number;
  /** Spans in batches the exporter could not deliver (collector away or refusing). */
  failedExport: number;
  /** Spans a full export queue dropped (OTEL_BSP_MAX_QUEUE_SIZE). */
  dropped: number;
  /** ended - exported - failedExport: dropped, or still queued (none after shutdown). */
  notExported: number;
}

// `any[]`: a method's own parameter types must be assignable here (unknown[] would refuse them).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AttributesFromArgs = (...args: any[]) => Attributes;

export interface TracedOptions {
  kind?: SpanKind;
  /** Static attributes, or a function of the method's arguments. */
  attributes?: Attributes | AttributesFromArgs;
}
