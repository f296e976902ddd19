import { OrderTrace } from './order-trace';
import { Summary, summarize } from './stats';

export interface StageReport {
  /** `<span name>` per service, or `queue <topic>` for the time in Kafka. */
  stage: string;
  service: string;
  kind: 'work' | 'queue';
  /** Span durations (queue: wait times), ms. */
  duration: Summary;
  /** Self time (time not in child spans), ms. */
  self: Summary;
  /** Share of all orders' end-to-end time spent in this stage's self time. */
  share: number;
  errors: number;
  /** Per instance of the service (`service.instance.id`), when more than one did this stage. */
  instances?: InstanceReport[];
}

/** One instance's part of a stage: how many it did and how long they took. */
export interface InstanceReport {
  instance: string;
  duration: Summary;
  self: Summary;
  /** This instance's part of the stage's share. */
  share: number;
  errors: number;
}

export interface Report {
  window: { from: string; to: string };
  orders: number;
  /** Set when the window held more orders than one report reads: the report covers the most recent this many. */
  limitedTo?: number;
  outcomes: Record<string, number>;
  endToEnd: Summary;
  channels: Record<string, { orders: number; endToEnd: Summary }>;
  stages: StageReport[];
  rejections: Record<string, number>;
  errors: number;
  /**
   * Set when some of the traces read were kept by Jaeger's tail sampler: counts, outcomes and
   * shares are then of the kept traces (every error, rejection, dead letter and slow order, and
   * `percent` of the rest), not of all orders.
   */
  sampling?: { percent: number; sentence: string };
  bottleneck?: { stage: string; service: string; share: number; p95: number; sentence: string };
}

export function buildReport(
  orders: OrderTrace[],
  window: { fromMs: number; toMs: number },
  limitedTo?: number,
): Report {
  const totalE2e = orders.reduce((a, o) => a + o.totalMs, 0) || 1;
  type Samples = { durations: number[]; selfs: number[]; errors: number };
  type Group = { stage: string; service: string; kind: 'work' | 'queue' } & Samples & {
      byInstance: Map<string, Samples>;
    };
  const groups = new Map<string, Group>();
  const record = (into: Samples, duration: number, self: number, error: boolean) => {
    into.durations.push(duration);
    into.selfs.push(self);
    if (error) into.errors++;
  };
  const add = (
    key: Omit<StageReport, 'duration' | 'self' | 'share' | 'errors' | 'instances'>,
    duration: number,
    self: number,
    error: boolean,
    instance?: string,
  ) => {
    const id = `${key.kind}|${key.service}|${key.stage}`;
    const g = groups.get(id) ?? { ...key, durations: [], selfs: [], errors: 0, byInstance: new Map() };
    record(g, duration, self, error);
    if (instance !== undefined) {
      const mine = g.byInstance.get(instance) ?? { durations: [], selfs: [], errors: 0 };
      record(mine, duration, self, error);
      g.byInstance.set(instance, mine);
    }
    groups.set(id, g);
  };
  for (const o of orders) {
    for (const r of o.rows)
      add({ stage: r.name, service: r.service, kind: 'work' }, r.durationMs, r.selfMs, Boolean(r.error), r.instance);
    for (const h of o.hops)
      add({ stage: `queue ${h.topic}`, service: 'kafka', kind: 'queue' }, h.waitMs, h.waitMs, false);
  }
  const stages: StageReport[] = [...groups.values()]
    .map((g) => ({
      stage: g.stage,
      service: g.service,
      kind: g.kind,
      duration: summarize(g.durations),
      self: summarize(g.selfs),
      share: g.selfs.reduce((a, b) => a + b, 0) / totalE2e,
      errors: g.errors,
      ...(g.byInstance.size > 1
        ? {
            instances: [...g.byInstance.entries()]
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([instance, m]) => ({
                instance,
                duration: summarize(m.durations),
                self: summarize(m.selfs),
                share: m.selfs.reduce((a, b) => a + b, 0) / totalE2e,
                errors: m.errors,
              })),
          }
        : {}),
    }))
    .sort((a, b) => b.share - a.share);

  const channels: Report['channels'] = {};
  for (const channel of [...new Set(orders.map((o) => o.channel ?? 'unknown'))].sort()) {
    const mine = orders.filter((o) => (o.channel ?? 'unknown') === channel);
    channels[channel] = { orders: mine.length, endToEnd: summarize(mine.map((o) => o.totalMs)) };
  }
  const count = <T extends string>(values: T[]) =>
    values.reduce<Record<string, number>>((acc, v) => ((acc[v] = (acc[v] ?? 0) + 1), acc), {});
  const top = stages[0];
  const sampled = orders.map((o) => o.samplingPercent).filter((p): p is number => p !== undefined && p < 100);
  const percent = sampled.length ? Math.min(...sampled) : undefined;
  return {
    window: { from: new Date(window.fromMs).toISOString(), to: new Date(window.toMs).toISOString() },
    orders: orders.length,
    ...(limitedTo !== undefined ? { limitedTo } : {}),
    outcomes: count(orders.map((o) => o.outcome)),
    endToEnd: summarize(orders.map((o) => o.totalMs)),
    channels,
    stages,
    rejections: count(orders.filter((o) => o.outcome === 'rejected').map((o) => o.rejectionReason ?? 'unknown')),
    errors: stages.reduce((a, s) => a + s.errors, 0),
    ...(percent !== undefined
      ? {
          sampling: {
            percent,
            sentence: `Sampled data: Jaeger keeps every trace with an error, a rejected or dead-lettered order or a slow end-to-end time, and ${percent}% of the others; counts and shares here are of the kept traces, not of all orders.`,
          },
        }
      : {}),
    bottleneck: top && {
      stage: top.stage,
      service: top.service,
      share: top.share,
      p95: top.self.p95,
      sentence:
        top.kind === 'queue'
          ? `The top bottleneck is waiting in Kafka (${top.stage.replace('queue ', '')}): ${(top.share * 100).toFixed(0)}% of end-to-end time, p95 ${top.self.p95.toFixed(1)} ms per order.`
          : `The top bottleneck is ${top.stage} in ${top.service}: ${(top.share * 100).toFixed(0)}% of end-to-end time, p95 ${top.self.p95.toFixed(1)} ms of its own per order.`,
    },
  };
}
