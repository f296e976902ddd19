// Reads traces back from Jaeger's HTTP query API, with the client the insights tools use.
import { jaegerQueryUrlFrom } from '@ituna/contracts';
import { JaegerClient } from '@ituna/trace-analysis';
import type { JaegerSpan, JaegerTrace } from '@ituna/trace-analysis';

export type { JaegerSpan, JaegerTrace };

export const jaegerQueryUrl = jaegerQueryUrlFrom();
const jaeger = new JaegerClient(jaegerQueryUrl);

/** The trace as Jaeger has it now (undefined when it has none of its spans). */
export const traceNow = (traceId: string): Promise<JaegerTrace | undefined> => jaeger.trace(traceId);

/**
 * Polls until the trace holds every span named in `has`, as many of each as `has` names it
 * (each service exports in its own batches, so a trace fills up over a moment).
 */
export async function waitForTrace(
  traceId: string,
  { has = [] as string[], timeoutMs = 30000 } = {},
): Promise<JaegerTrace> {
  const deadline = Date.now() + timeoutMs;
  let last: JaegerTrace | undefined;
  const count = (names: string[], name: string) => names.filter((n) => n === name).length;
  const missing = () =>
    [...new Set(has)].filter((name) => count(last?.spans.map((s) => s.operationName) ?? [], name) < count(has, name));
  while (Date.now() < deadline) {
    last = await jaeger.trace(traceId);
    if (last && missing().length === 0) return last;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(
    `trace ${traceId} not complete in Jaeger after ${timeoutMs} ms: missing ${missing().join(', ')} (had ${last?.spans.length ?? 0} spans)`,
  );
}

export const tag = (span: JaegerSpan, key: string): unknown => span.tags.find((t) => t.key === key)?.value;
export const serviceOf = (trace: JaegerTrace, span: JaegerSpan): string => trace.processes[span.processID].serviceName;
