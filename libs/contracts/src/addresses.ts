/**
 * Where the native and the Docker stack listen on this machine: the defaults of the variables that
 * point the services and the tools elsewhere.
 */

/** Kafka's client listener; the default of `KAFKA_BROKERS` (comma-separated `host:port`). */
export const DEFAULT_KAFKA_BROKERS = '127.0.0.1:9092';

/** Jaeger's OTLP gRPC receiver; the default of `OTEL_EXPORTER_OTLP_ENDPOINT`. */
export const DEFAULT_OTLP_GRPC_ENDPOINT = 'http://127.0.0.1:4317';

/** Jaeger's query API (`/api/traces`, `/api/services`); the default of `JAEGER_QUERY_URL`. */
export const DEFAULT_JAEGER_QUERY_URL = 'http://127.0.0.1:16686';

/** The Prometheus server holding the RED metrics and the consumer lag; the default of `PROMETHEUS_URL`. */
export const DEFAULT_PROMETHEUS_URL = 'http://127.0.0.1:9090';

/** The brokers of `KAFKA_BROKERS`, or the default: trimmed, empty entries dropped. */
export function kafkaBrokersFrom(env: NodeJS.ProcessEnv = process.env): string[] {
  return (env.KAFKA_BROKERS?.trim() || DEFAULT_KAFKA_BROKERS)
    .split(',')
    .map((broker) => broker.trim())
    .filter(Boolean);
}

/** Jaeger's query API from `JAEGER_QUERY_URL`, or the default, without a trailing slash. */
export function jaegerQueryUrlFrom(env: NodeJS.ProcessEnv = process.env): string {
  return (env.JAEGER_QUERY_URL?.trim() || DEFAULT_JAEGER_QUERY_URL).replace(/\/$/, '');
}

/** The Prometheus server from `PROMETHEUS_URL`, or the default, without a trailing slash. */
export function prometheusUrlFrom(env: NodeJS.ProcessEnv = process.env): string {
  return (env.PROMETHEUS_URL?.trim() || DEFAULT_PROMETHEUS_URL).replace(/\/$/, '');
}

/**
 * Whether Jaeger's own UI answers at `url`: Jaeger built from its Go module serves a placeholder
 * page there ("not the Jaeger UI"), its release images the React app, whose page holds this root.
 */
export async function jaegerUiAnswers(url: string, timeoutMs = 1500): Promise<boolean> {
  try {
    const res = await fetch(`${url.replace(/\/$/, '')}/`, { signal: AbortSignal.timeout(timeoutMs) });
    return res.ok && (await res.text()).includes('id="jaeger-ui-root"');
  } catch {
    return false;
  }
}
