// Reads traces back from Jaeger's HTTP query API (the same API the UI uses).
export interface JaegerSpan {
  traceID: string;
  spanID: string;
  operationName: string;
  processID: string;
  startTime: number; // µs since epoch
  duration: number; // µs
  references: { refType: 'CHILD_OF' | 'FOLLOWS_FROM'; traceID: string; spanID: string }[];
  tags: { key: string; type: string; value: unknown }[];
  logs: { timestamp: number; fields: { key: string; value: unknown }[] }[];
}

export interface JaegerTrace {
  traceID: string;
  spans: JaegerSpan[];
  processes: Record<string, { serviceName: string; tags: { key: string; value: unknown }[] }>;
}

export const jaegerQueryUrl = (process.env.JAEGER_QUERY_URL ?? 'http://127.0.0.1:16686').replace(/\/$/, '');

async function getJson<T>(path: string): Promise<T | undefined> {
  const res = await fetch(`${jaegerQueryUrl}${path}`);
  if (res.status === 404) return undefined;
  if (!res.ok) throw new Error(`Jaeger ${path}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

/**
 * Polls until the trace holds every span named in `has` (each service exports in its own
 * batches, so a trace fills up over a moment).
 */
export async function waitForTrace(traceId: string, { has = [] as string[], timeoutMs = 30000 } = {}): Promise<JaegerTrace> {
  const deadline = Date.now() + timeoutMs;
  let last: JaegerTrace | undefined;
  const missing = () => has.filter((name) => !last?.spans.some((s) => s.operationName === name));
  while (Date.now() < deadline) {
    const body = await getJson<{ data: JaegerTrace[] }>(`/api/traces/${traceId}`);
    last = body?.data?.[0];
    if (last && missing().length === 0) return last;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`trace ${traceId} not complete in Jaeger after ${timeoutMs} ms: missing ${missing().join(', ')} (had ${last?.spans.length ?? 0} spans)`);
}

export const tag = (span: JaegerSpan, key: string): unknown => span.tags.find((t) => t.key === key)?.value;
export const serviceOf = (trace: JaegerTrace, span: JaegerSpan): string => trace.processes[span.processID].serviceName;
