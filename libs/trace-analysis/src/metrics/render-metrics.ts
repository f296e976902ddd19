import type { MetricsReport, Point } from './metrics-model';

const BARS = '▁▂▃▄▅▆▇█';

/** A series as a line of block characters scaled to its own maximum; a gap where it has no value. */
export function sparkline(points: Point[]): string {
  const values = points.map((p) => p.value);
  const max = Math.max(0, ...values.filter((v): v is number => v !== null));
  return values
    .map((v) => (v === null ? ' ' : BARS[max > 0 ? Math.min(BARS.length - 1, Math.floor((v / max) * BARS.length)) : 0]))
    .join('');
}

const pad = (s: string, n: number) => (s.length >= n ? s.slice(0, n) : s + ' '.repeat(n - s.length));
const lpad = (s: string, n: number) => (s.length >= n ? s : ' '.repeat(n - s.length) + s);
const num = (v: number | null, digits = 2, unit = '') => (v === null ? '-' : `${v.toFixed(digits)}${unit}`);

/** The metrics part of `npm run report`: rate, error ratio and p95 per stage, then the lag per consumer group. */
export function renderMetrics(m: MetricsReport): string {
  const step = `${m.window.stepMs / 1000} s`;
  const out = [`RED metrics per stage (from every span, via Jaeger's metrics API; one point per ${step}):`];
  if (m.unavailable.red) out.push(`  not available: ${m.unavailable.red}`);
  else if (!m.stages.length) out.push('  no calls recorded in the window yet (Prometheus keeps them every 5 s)');
  else {
    out.push(
      `  ${pad('service', 24)} ${pad('operation', 28)} ${lpad('rate/s', 8)} ${lpad('errors', 7)} ${lpad('p95', 10)}  rate over time`,
    );
    for (const s of m.stages)
      out.push(
        `  ${pad(s.service, 24)} ${pad(s.operation, 28)} ${lpad(num(s.now.rate), 8)} ${lpad(num(s.now.errorRatio === null ? null : s.now.errorRatio * 100, 1, '%'), 7)} ${lpad(num(s.now.p95, 0, ' ms'), 10)}  ${sparkline(s.rate)}`,
      );
  }
  out.push('', 'consumer lag (messages written and not yet committed, from the brokers via Prometheus):');
  if (m.unavailable.lag) out.push(`  not available: ${m.unavailable.lag}`);
  else if (!m.lag.length)
    out.push('  no lag recorded in the window (Prometheus reads it from the insights app, /metrics)');
  else {
    out.push(
      `  ${pad('group', 28)} ${pad('topic', 16)} ${lpad('last', 6)} ${lpad('max', 6)} ${lpad('queue p95', 10)}  lag over time`,
    );
    for (const l of m.lag)
      out.push(
        `  ${pad(l.group, 28)} ${pad(l.topic, 16)} ${lpad(num(l.now, 0), 6)} ${lpad(num(l.max, 0), 6)} ${lpad(l.queueWaitP95Ms === undefined ? '-' : `${l.queueWaitP95Ms.toFixed(0)} ms`, 10)}  ${sparkline(l.series)}`,
      );
    out.push(
      '  last, max = the most behind within a step; queue p95 = the wait of messages in the topic, from the traces',
      '  of the same window. On topics written in transactions (kitchen-orders, orders-ready) each commit marker',
      '  takes an offset too: a caught-up group shows 1 per partition.',
    );
  }
  return out.join('\n');
}
