import { TOPICS, sendSpanOf } from '@ituna/contracts';
import type { OrderTrace } from './order-trace';

/** Something an operator would want a log line about, with the order it happened to. */
export interface OrderEvent {
  /** When (ISO) the span that tells of it started. */
  at: string;
  kind: 'error' | 'rejected' | 'dead-letter';
  orderId?: string;
  traceId: string;
  service: string;
  what: string;
}

/** The failed steps, rejections and dead letters of the orders, newest first, at most `limit`. */
export function orderEvents(orders: readonly OrderTrace[], limit = 50): OrderEvent[] {
  const events: OrderEvent[] = [];
  for (const o of orders) {
    const at = (offsetMs: number) => new Date(o.startUs / 1000 + offsetMs).toISOString();
    const base = { orderId: o.orderId, traceId: o.traceId };
    for (const r of o.rows) {
      if (r.kind === 'producer' && r.name.endsWith('.dlq'))
        events.push({ ...base, at: at(r.offsetMs), kind: 'dead-letter', service: r.service, what: r.name });
      // A rejected order's failed step is told by its rejection, which names it.
      else if (r.error && o.outcome !== 'rejected')
        events.push({ ...base, at: at(r.offsetMs), kind: 'error', service: r.service, what: `${r.name}: ${r.error}` });
    }
    if (o.outcome === 'rejected') {
      const send = o.rows.find((r) => r.name === sendSpanOf(TOPICS.rejected));
      events.push({
        ...base,
        at: at(send?.offsetMs ?? 0),
        kind: 'rejected',
        service: send?.service ?? 'order-validation',
        what: o.rejectionReason ?? 'rejected',
      });
    }
  }
  return events.sort((a, b) => b.at.localeCompare(a.at)).slice(0, limit);
}
