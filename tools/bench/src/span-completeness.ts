import { ATTR_ITUNA_ORDER_ID, SPANS, TOPICS, processSpanOf, sendSpanOf } from '@ituna/contracts';

/** The spans of an order written straight to `ituna-orders`, its two commit-transaction spans aside. */
export const PIPELINE_SPANS = [
  processSpanOf(TOPICS.orders),
  SPANS.validateOrder,
  SPANS.validateAddress,
  SPANS.validateName,
  SPANS.validateInventory,
  sendSpanOf(TOPICS.kitchen),
  processSpanOf(TOPICS.kitchen),
  SPANS.cookOrder,
  SPANS.cutFish,
  SPANS.plate,
  sendSpanOf(TOPICS.ready),
];
/** An order placed over HTTP has these besides. */
const HTTP_SPANS = ['POST /orders', SPANS.placeOrder, sendSpanOf(TOPICS.orders)];

export interface Completeness {
  sampled: number;
  expectedSpans: number;
  foundSpans: number;
  /** Found over expected, between 0 and 1. */
  completeness: number;
}

/** Evenly spaced picks of at most `n` ids: a uniform sample of the phase, start to end. */
export function uniformSample<T>(items: readonly T[], n: number): T[] {
  if (items.length <= n) return [...items];
  return Array.from({ length: n }, (_, i) => items[Math.floor((i * items.length) / n)]);
}

/**
 * Spans found in Jaeger over spans expected, for orders of one phase. A span dropped anywhere (a
 * full export queue, a failed export, Jaeger's own queue) is a span not found.
 */
export async function spanCompleteness(
  queryUrl: string,
  ids: readonly string[],
  viaHttp: boolean,
  deliveryMode: 'exactly-once' | 'at-least-once',
): Promise<Completeness> {
  const expected = [...PIPELINE_SPANS, ...(viaHttp ? HTTP_SPANS : [])];
  const perOrder = expected.length + (deliveryMode === 'exactly-once' ? 2 : 0);
  // Where the order's trace is asked for: a service whose spans were all dropped does not find it, another may.
  const services = ['order-validation', 'kitchen-service', ...(viaHttp ? ['onsite-ordering'] : [])];
  let found = 0;
  for (const id of ids) {
    const spans = new Map<string, string>(); // span id -> name: a trace found twice counts once
    for (const service of services) {
      const q = new URLSearchParams({
        service,
        tags: JSON.stringify({ [ATTR_ITUNA_ORDER_ID]: id }),
        limit: '1',
        lookback: '1h',
      });
      const body = (await (await fetch(`${queryUrl}/api/traces?${q}`)).json()) as {
        data?: { spans: { spanID: string; operationName: string }[] }[];
      };
      for (const span of body.data?.[0]?.spans ?? []) spans.set(span.spanID, span.operationName);
      if (expected.every((name) => [...spans.values()].includes(name))) break;
    }
    const names = [...spans.values()];
    found += expected.filter((name) => names.includes(name)).length;
    // Exactly-once: one commit-transaction span per consumed message, in each of the two consumers.
    if (deliveryMode === 'exactly-once')
      found += Math.min(2, names.filter((n) => n === SPANS.commitTransaction).length);
  }
  return {
    sampled: ids.length,
    expectedSpans: ids.length * perOrder,
    foundSpans: found,
    completeness: ids.length ? found / (ids.length * perOrder) : 0,
  };
}
