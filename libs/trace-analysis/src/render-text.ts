import { OrderTrace, SpanRow } from './order-trace';
import { Report } from './report';

const ms = (v: number) => (v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(1)} ms`);
const pad = (s: string, n: number) => (s.length >= n ? s.slice(0, n) : s + ' '.repeat(n - s.length));
const lpad = (s: string, n: number) => (s.length >= n ? s : ' '.repeat(n - s.length) + s);

/** The waterfall's first column: the longest service name, "@" and 8 characters of a random instance id. */
const WHO = 32;

/**
 * Which process made a span: the launcher's instance ids already name the service
 * (order-validation-2); another id (the SDK's random UUID) is shortened after the service name.
 */
function whoDid(r: SpanRow): string {
  if (!r.instance) return r.service;
  return r.instance.startsWith(`${r.service}-`) ? r.instance : `${r.service}@${r.instance.slice(0, 8)}`;
}

/** A terminal waterfall: one line per span (indented by depth) and per Kafka hop. */
export function renderWaterfall(order: OrderTrace, jaegerUrl: string, width = 40): string {
  const scale = width / Math.max(order.totalMs, 0.001);
  const bar = (from: number, len: number, ch: string) => {
    const start = Math.min(width - 1, Math.floor(from * scale));
    const size = Math.max(1, Math.round(len * scale));
    return ' '.repeat(start) + ch.repeat(Math.min(size, width - start));
  };
  const lines = [
    `order ${order.orderId ?? '?'}  channel ${order.channel ?? '?'}  outcome ${order.outcome}${order.rejectionReason ? ` (${order.rejectionReason})` : ''}`,
    `trace ${order.traceId}`,
    '',
    `${pad('service', WHO)} ${pad('span', 34)} ${lpad('start', 10)} ${lpad('duration', 10)}  timeline`,
  ];
  const hopsByConsumer = new Map(order.hops.map((h) => [h.consumerSpanId, h]));
  for (const r of order.rows) {
    const hop = hopsByConsumer.get(r.spanId);
    if (hop)
      lines.push(
        `${pad('kafka', WHO)} ${pad(`${'  '.repeat(Math.max(0, r.depth - 1))}~ queued in ${hop.topic}`, 34)} ${lpad(ms(hop.offsetMs), 10)} ${lpad(ms(hop.waitMs), 10)}  ${bar(hop.offsetMs, hop.waitMs, '.')}`,
      );
    lines.push(
      `${pad(whoDid(r), WHO)} ${pad('  '.repeat(r.depth) + r.name, 34)} ${lpad(ms(r.offsetMs), 10)} ${lpad(ms(r.durationMs), 10)}  ${bar(r.offsetMs, r.durationMs, r.error ? '!' : '#')}${r.error ? `  ERROR: ${r.error}` : ''}`,
    );
  }
  const waits = order.hops.reduce((a, h) => a + h.waitMs, 0);
  lines.push(
    '',
    `total ${ms(order.totalMs)} end to end, of which ${ms(waits)} waiting in Kafka over ${order.hops.length} hop(s)`,
    `critical path: ${order.criticalPath
      .map((id) => order.rows.find((r) => r.spanId === id)?.name)
      .filter(Boolean)
      .join(' > ')}`,
    `Jaeger: ${jaegerUrl}`,
  );
  return lines.join('\n');
}

/** The report as tables, with the bottleneck sentence first. */
export function renderReport(report: Report): string {
  const out: string[] = [];
  out.push(
    `ITuna report ${report.window.from} .. ${report.window.to}: ${report.orders} orders (${
      Object.entries(report.outcomes)
        .map(([k, v]) => `${v} ${k}`)
        .join(', ') || 'none'
    })`,
  );
  if (report.limitedTo !== undefined)
    out.push(
      `(the window holds more orders than one report reads: this covers the most recent ${report.limitedTo}; ask for a shorter window to see them all)`,
    );
  if (report.sampling) out.push(report.sampling.sentence);
  if (report.bottleneck) out.push('', report.bottleneck.sentence);
  if (!report.orders) return out.join('\n');
  const e = report.endToEnd;
  out.push('', `end to end: p50 ${ms(e.p50)}  p95 ${ms(e.p95)}  p99 ${ms(e.p99)}  max ${ms(e.max)}`, '');
  out.push(
    `${pad('stage', 28)} ${pad('service', 28)} ${lpad('count', 7)} ${lpad('p50', 10)} ${lpad('p95', 10)} ${lpad('p99', 10)} ${lpad('max', 10)} ${lpad('share', 6)} ${lpad('errors', 6)}`,
  );
  for (const s of report.stages) {
    out.push(
      `${pad(s.stage, 28)} ${pad(s.service, 28)} ${lpad(String(s.duration.count), 7)} ${lpad(ms(s.duration.p50), 10)} ${lpad(ms(s.duration.p95), 10)} ${lpad(ms(s.duration.p99), 10)} ${lpad(ms(s.duration.max), 10)} ${lpad(`${(s.share * 100).toFixed(1)}%`, 6)} ${lpad(String(s.errors), 6)}`,
    );
    // One line per instance under a stage that more than one instance of the service did.
    for (const i of s.instances ?? [])
      out.push(
        `${pad('', 28)} ${pad(`  ${i.instance}`, 28)} ${lpad(String(i.duration.count), 7)} ${lpad(ms(i.duration.p50), 10)} ${lpad(ms(i.duration.p95), 10)} ${lpad(ms(i.duration.p99), 10)} ${lpad(ms(i.duration.max), 10)} ${lpad('', 6)} ${lpad(String(i.errors), 6)}`,
      );
  }
  out.push(
    '',
    "share = the stage's own time (not in child spans) over all end-to-end time; queue = producer end to consumer start",
    '',
  );
  out.push('per channel:');
  for (const [channel, c] of Object.entries(report.channels))
    out.push(
      `  ${pad(channel, 10)} ${lpad(String(c.orders), 6)} orders  p50 ${ms(c.endToEnd.p50)}  p95 ${ms(c.endToEnd.p95)}  p99 ${ms(c.endToEnd.p99)}`,
    );
  const rejections = Object.entries(report.rejections);
  out.push(
    '',
    `errors: ${report.errors} span(s) in ERROR; rejections: ${rejections.length ? rejections.map(([r, n]) => `${n} x ${r}`).join('; ') : 'none'}`,
  );
  return out.join('\n');
}
