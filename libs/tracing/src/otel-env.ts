import type { TextMapPropagator } from '@opentelemetry/api';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';

/**
 * The OpenTelemetry environment variables that choose components, read as the specification
 * says (comma-separated lists, case-insensitive, blanks ignored). A value this library does not
 * support is a start-up error that names the variable and what it accepts: a typo must not
 * silently turn tracing off or fall back to something else.
 */

export type TracesExporterName = 'otlp' | 'console';
export type OtlpProtocol = 'grpc' | 'http/protobuf' | 'http/json';

const TRACES_EXPORTERS = ['otlp', 'console', 'none'] as const;
const OTLP_PROTOCOLS: OtlpProtocol[] = ['grpc', 'http/protobuf', 'http/json'];
const PROPAGATORS = ['tracecontext', 'baggage', 'none'] as const;

/** OTEL_TRACES_EXPORTER: otlp (default), console, both, or none (spans are made but not exported). */
export function tracesExportersFromEnv(env: NodeJS.ProcessEnv = process.env): TracesExporterName[] {
  const names = listFromEnv(env, 'OTEL_TRACES_EXPORTER', ['otlp'], TRACES_EXPORTERS);
  return names.includes('none') ? [] : (names as TracesExporterName[]);
}

/**
 * OTEL_EXPORTER_OTLP_TRACES_PROTOCOL, else OTEL_EXPORTER_OTLP_PROTOCOL. The default is grpc, not
 * the specification's http/protobuf: ITuna's contract is OTLP over gRPC to Jaeger's port 4317.
 */
export function otlpProtocolFromEnv(env: NodeJS.ProcessEnv = process.env): OtlpProtocol {
  for (const name of ['OTEL_EXPORTER_OTLP_TRACES_PROTOCOL', 'OTEL_EXPORTER_OTLP_PROTOCOL']) {
    const raw = env[name]?.trim().toLowerCase();
    if (!raw) continue;
    if (!OTLP_PROTOCOLS.includes(raw as OtlpProtocol))
      throw new Error(`${name}="${env[name]}" is not supported (use one of: ${OTLP_PROTOCOLS.join(', ')})`);
    return raw as OtlpProtocol;
  }
  return 'grpc';
}

/** OTEL_PROPAGATORS: tracecontext and baggage (the default, both), or none. */
export function propagatorFromEnv(env: NodeJS.ProcessEnv = process.env): TextMapPropagator | undefined {
  const names = listFromEnv(env, 'OTEL_PROPAGATORS', ['tracecontext', 'baggage'], PROPAGATORS);
  if (names.includes('none')) return undefined;
  const propagators = [...new Set(names)].map((name) =>
    name === 'tracecontext' ? new W3CTraceContextPropagator() : new W3CBaggagePropagator(),
  );
  return propagators.length === 1 ? propagators[0] : new CompositePropagator({ propagators });
}

function listFromEnv<T extends string>(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: T[],
  allowed: readonly T[],
): T[] {
  const values = (env[name] ?? '')
    .split(',')
    .map((v) => v.trim().toLowerCase())
    .filter(Boolean);
  if (values.length === 0) return fallback;
  const unknown = values.filter((v) => !allowed.includes(v as T));
  if (unknown.length > 0)
    throw new Error(
      `${name}="${env[name]}": ${unknown.map((v) => `"${v}"`).join(', ')} not supported (use: ${allowed.join(', ')})`,
    );
  return values as T[];
}
