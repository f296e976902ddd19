import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import {
  JaegerClient,
  MetricsClient,
  MetricsReport,
  OrderTrace,
  Report,
  buildMetricsReport,
  buildReport,
  buildServiceGraph,
  analyzeTrace,
  orderEvents,
  type GraphEdge,
  type OrderEvent,
  collectOrders,
  findOrder,
  metricsWindow,
  parseSince,
} from '@ituna/trace-analysis';
import { jaegerUiAnswers } from '@ituna/contracts';
import { INSIGHTS_CONFIG, type InsightsConfig } from './insights.config';
import type { SearchQuery } from './search-query';

/** A trace found by the page's search. */
export interface FoundTrace extends RecentOrder {
  spans: number;
  errors: number;
}

export interface RecentOrder {
  orderId?: string;
  channel?: string;
  outcome: OrderTrace['outcome'];
  totalMs: number;
  traceId: string;
  startedAt: string;
  /** The trace's page in Jaeger's UI, only when that UI answers (the native build has none). */
  jaegerUrl?: string;
  /** The trace as the query API's JSON, always there. */
  traceJsonUrl: string;
}

/** How long an answer to "does Jaeger's UI answer?" is reused. */
const UI_CHECK_TTL_MS = 30_000;

/** The page's data: the report, the slowest recent orders and one order's waterfall. */
@Injectable()
export class InsightsService {
  readonly jaeger: JaegerClient;
  readonly metrics: MetricsClient;
  private uiCheck?: { at: number; answers: Promise<boolean> };

  constructor(config: ConfigService) {
    const { jaegerQueryUrl, jaegerUiUrl, prometheusUrl } = config.getOrThrow<InsightsConfig>(INSIGHTS_CONFIG);
    this.jaeger = new JaegerClient(jaegerQueryUrl, jaegerUiUrl);
    this.metrics = new MetricsClient(jaegerQueryUrl, prometheusUrl);
  }

  async overview(since: string): Promise<{
    report: Report;
    metrics: MetricsReport;
    slowest: RecentOrder[];
    graph: GraphEdge[];
    events: OrderEvent[];
  }> {
    const toMs = Date.now();
    const fromMs = parseSince(since, toMs);
    // The metrics are read while the traces are; only the queue waits beside the lag wait for them.
    const collected = collectOrders(this.jaeger, fromMs, toMs);
    const built = collected.then(({ orders, limitedTo }) => buildReport(orders, { fromMs, toMs }, limitedTo));
    const [{ orders }, report, metrics, ui] = await Promise.all([
      collected,
      built,
      buildMetricsReport(this.metrics, metricsWindow(fromMs, toMs), built),
      this.jaegerUiAnswers(),
    ]);
    const slowest = [...orders].sort((a, b) => b.totalMs - a.totalMs).slice(0, 10);
    return {
      report,
      metrics,
      graph: buildServiceGraph(orders),
      events: orderEvents(orders),
      slowest: slowest.map((o) => this.summary(o, ui)),
    };
  }

  /** Traces by service, operation, tags and minimum duration in a window, newest first (Jaeger's search). */
  async search(q: SearchQuery): Promise<FoundTrace[]> {
    const toMs = Date.now();
    const fromMs = parseSince(q.since, toMs);
    const [traces, ui] = await Promise.all([
      this.jaeger.search(
        q.service,
        { startUs: fromMs * 1000, endUs: toMs * 1000 },
        { operation: q.operation, tags: q.tags, minDuration: q.minDuration, limit: q.limit },
      ),
      this.jaegerUiAnswers(),
    ]);
    return traces
      .map((t) => {
        const o = analyzeTrace(t);
        return {
          ...this.summary(o, ui),
          spans: o.rows.length,
          errors: o.rows.filter((r) => r.error).length,
        };
      })
      .sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  }

  private summary(o: OrderTrace, ui: boolean): RecentOrder {
    return {
      orderId: o.orderId,
      channel: o.channel,
      outcome: o.outcome,
      totalMs: o.totalMs,
      traceId: o.traceId,
      startedAt: new Date(o.startUs / 1000).toISOString(),
      ...this.links(o.traceId, ui),
    };
  }

  async order(orderId: string): Promise<OrderTrace & Pick<RecentOrder, 'jaegerUrl' | 'traceJsonUrl'>> {
    const [order, ui] = await Promise.all([findOrder(this.jaeger, orderId), this.jaegerUiAnswers()]);
    return { ...order, ...this.links(order.traceId, ui) };
  }

  /** Where a trace opens: Jaeger's UI when it answers, the query API's JSON always. */
  private links(traceId: string, ui: boolean): Pick<RecentOrder, 'jaegerUrl' | 'traceJsonUrl'> {
    return {
      ...(ui ? { jaegerUrl: this.jaeger.traceUrl(traceId) } : {}),
      traceJsonUrl: this.jaeger.traceJsonUrl(traceId),
    };
  }

  /** Whether Jaeger's UI answers (asked at most every 30 s): no link to a page that is not there. */
  private jaegerUiAnswers(): Promise<boolean> {
    if (!this.uiCheck || Date.now() - this.uiCheck.at > UI_CHECK_TTL_MS)
      this.uiCheck = { at: Date.now(), answers: jaegerUiAnswers(this.jaeger.uiUrl) };
    return this.uiCheck.answers;
  }
}
