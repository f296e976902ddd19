import { ATTR_ITUNA_ORDER_ID, CHANNEL_SERVICES, SPANS } from '@ituna/contracts';
import { JaegerClient } from './jaeger-client';
import { OrderTrace, analyzeTrace } from './order-trace';

/** The services where every order's trace starts. */
const ORDERING_SERVICES: string[] = Object.values(CHANNEL_SERVICES);

export class OrderNotFoundError extends Error {
  constructor(orderId: string, lookbackMs: number) {
    super(
      `order ${orderId} was not found in Jaeger (searched the last ${Math.round(lookbackMs / 60000)} min by ituna.order.id)`,
    );
    this.name = 'OrderNotFoundError';
  }
}

/** Finds an order's trace through the `ituna.order.id` tag, searching every service Jaeger knows. */
export async function findOrder(
  client: JaegerClient,
  orderId: string,
  lookbackMs = 24 * 3600_000,
): Promise<OrderTrace> {
  const endUs = Date.now() * 1000;
  const window = { startUs: endUs - lookbackMs * 1000, endUs };
  const services = await client.services();
  const ordered = [
    ...ORDERING_SERVICES.filter((s) => services.includes(s)),
    ...services.filter((s) => !ORDERING_SERVICES.includes(s)),
  ];
  for (const service of ordered) {
    const [hit] = await client.search(service, window, { tags: { [ATTR_ITUNA_ORDER_ID]: orderId }, limit: 1 });
    // A search answers with whole traces: no second request for the trace.
    if (hit) return analyzeTrace(hit);
  }
  throw new OrderNotFoundError(orderId, lookbackMs);
}

/** What one report may ask of Jaeger: a window of at most a day, and at most 20 000 orders. */
export const REPORT_LIMITS = { maxWindowMs: 24 * 3_600_000, maxOrders: 20_000 } as const;

/** A request for more than REPORT_LIMITS allows; the message says what to ask instead. */
export class QueryLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QueryLimitError';
  }
}

export interface CollectedOrders {
  orders: OrderTrace[];
  /** Set when the window held more orders than the limit: the most recent ones up to it were read. */
  limitedTo?: number;
}

/** Every order placed in the window, read from the ordering services' `place-order` spans, within REPORT_LIMITS. */
export async function collectOrders(
  client: JaegerClient,
  fromMs: number,
  toMs: number,
  onProgress?: (found: number) => void,
  limits: { maxWindowMs: number; maxOrders: number } = REPORT_LIMITS,
): Promise<CollectedOrders> {
  if (toMs - fromMs > limits.maxWindowMs) {
    throw new QueryLimitError(
      `a report covers at most ${formatHours(limits.maxWindowMs)} (asked for ${formatHours(toMs - fromMs)}): ask for a shorter window`,
    );
  }
  const services = new Set(await client.services());
  const window = { startUs: fromMs * 1000, endUs: toMs * 1000 };
  const counts = new Map<string, number>();
  const ordering = ORDERING_SERVICES.filter((s) => services.has(s));
  const perService = await Promise.all(
    ordering.map((service) =>
      client.searchAll(service, window, {
        maxTraces: Math.ceil(limits.maxOrders / Math.max(1, ordering.length)),
        operation: SPANS.placeOrder,
        onProgress: (n) => {
          counts.set(service, n);
          onProgress?.([...counts.values()].reduce((a, b) => a + b, 0));
        },
      }),
    ),
  );
  const orders = perService.flatMap((r) => r.traces).map(analyzeTrace);
  return perService.every((r) => r.complete) ? { orders } : { orders, limitedTo: orders.length };
}

function formatHours(ms: number): string {
  return `${Math.round((ms / 3_600_000) * 10) / 10} h`;
}

/** "15m", "2h", "30s", "1d" -> ms. */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/.exec(text.trim());
  if (!match) throw new Error(`"${text}" is not a duration; use e.g. 30s, 15m, 2h, 1d`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as 'ms'];
  return Number(match[1]) * unit;
}

/** `--since`: a window length ("15m") or an ISO-8601 instant; returns the window's start in ms. */
export function parseSince(text: string, nowMs = Date.now()): number {
  if (/^\d{4}-\d{2}-\d{2}T/.test(text)) {
    const at = Date.parse(text);
    if (Number.isNaN(at)) throw new Error(`"${text}" is not an ISO-8601 instant`);
    return at;
  }
  return nowMs - parseDuration(text);
}
