import type { OrderTrace } from './order-trace';
import { summarize } from './stats';

/** One path of messages: a service writing to a topic, and the service reading it (none: nobody in the traces). */
export interface GraphEdge {
  from: string;
  topic: string;
  to?: string;
  /** Messages seen on it in the window's traces. */
  count: number;
  /** The p95 wait in the topic (when a consumer read them). */
  waitP95Ms?: number;
}

/** Who writes to which topic and who reads it, from the traces: producer spans and the consumer spans under them. */
export function buildServiceGraph(orders: readonly OrderTrace[]): GraphEdge[] {
  const edges = new Map<string, { from: string; topic: string; to?: string; waits: number[]; count: number }>();
  for (const o of orders) {
    const byId = new Map(o.rows.map((r) => [r.spanId, r]));
    const read = new Set<string>();
    const add = (from: string, topic: string, to: string | undefined, wait?: number) => {
      const key = `${from}|${topic}|${to ?? ''}`;
      const e = edges.get(key) ?? { from, topic, to, waits: [], count: 0 };
      e.count++;
      if (wait !== undefined) e.waits.push(wait);
      edges.set(key, e);
    };
    for (const h of o.hops) {
      const producer = byId.get(h.producerSpanId);
      const consumer = byId.get(h.consumerSpanId);
      if (!producer || !consumer) continue;
      read.add(h.producerSpanId);
      add(producer.service, h.topic, consumer.service, h.waitMs);
    }
    // Writes nobody in the traces read (orders-ready, orders-rejected, dead letters).
    for (const r of o.rows)
      if (r.kind === 'producer' && !read.has(r.spanId) && r.name.startsWith('send '))
        add(r.service, r.name.slice('send '.length), undefined);
  }
  // A topic somebody reads is drawn with its readers; writes not read yet (still queued) are not another path.
  const read = new Set([...edges.values()].filter((e) => e.to).map((e) => e.topic));
  return [...edges.values()]
    .filter((e) => e.to || !read.has(e.topic))
    .map(({ waits, ...e }) => ({ ...e, ...(waits.length ? { waitP95Ms: summarize(waits).p95 } : {}) }))
    .sort((a, b) => b.count - a.count);
}
