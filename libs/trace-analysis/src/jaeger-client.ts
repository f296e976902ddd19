import { jaegerQueryUrlFrom } from '@ituna/contracts';
import type { JaegerTrace } from './jaeger-model';

export class JaegerUnreachableError extends Error {
  constructor(url: string, cause: unknown) {
    super(
      `Jaeger's query API at ${url} cannot be reached (${(cause as Error)?.message ?? cause}); is Jaeger up? (npm run stack:status)`,
    );
    this.name = 'JaegerUnreachableError';
  }
}

export interface SearchWindow {
  startUs: number;
  endUs: number;
}

/** Reads traces from Jaeger's HTTP query API (the native build and the Docker image alike). */
export class JaegerClient {
  /**
   * `baseUrl`: the query API (default JAEGER_QUERY_URL or the local stack's); `uiUrl`: where a
   * trace's page is linked (the Docker image serves the UI there; the native build has the API only).
   */
  constructor(
    readonly baseUrl: string = jaegerQueryUrlFrom(),
    readonly uiUrl: string = baseUrl,
    private readonly timeoutMs = 15_000,
  ) {}

  /** The Jaeger UI page of a trace. */
  traceUrl(traceId: string): string {
    return `${this.uiUrl.replace(/\/$/, '')}/trace/${traceId}`;
  }

  /** A trace as the query API's JSON: what there is to open where Jaeger has no UI. */
  traceJsonUrl(traceId: string): string {
    return `${this.baseUrl}/api/traces/${traceId}`;
  }

  private async get<T>(path: string): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl}${path}`, { signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (err) {
      throw new JaegerUnreachableError(this.baseUrl, err);
    }
    if (!res.ok)
      throw new Error(`Jaeger ${path.split('?')[0]} answered HTTP ${res.status}: ${(await res.text()).slice(0, 200)}`);
    return (await res.json()) as T;
  }

  async services(): Promise<string[]> {
    const body = await this.get<{ data: string[] | null }>('/api/services');
    return (body.data ?? []).filter((s) => s !== 'jaeger');
  }

  async trace(traceId: string): Promise<JaegerTrace | undefined> {
    try {
      const body = await this.get<{ data: JaegerTrace[] }>(`/api/traces/${traceId}`);
      return body.data?.[0];
    } catch (err) {
      if (/HTTP 404/.test((err as Error).message)) return undefined;
      throw err;
    }
  }

  /** Traces of a service with the given tags in a window, at most `limit`. */
  async search(
    service: string,
    window: SearchWindow,
    {
      tags,
      operation,
      minDuration,
      limit = 1000,
    }: { tags?: Record<string, string>; operation?: string; minDuration?: string; limit?: number } = {},
  ): Promise<JaegerTrace[]> {
    const q = new URLSearchParams({
      service,
      start: String(Math.floor(window.startUs)),
      end: String(Math.ceil(window.endUs)),
      limit: String(limit),
    });
    if (operation) q.set('operation', operation);
    if (minDuration) q.set('minDuration', minDuration);
    if (tags) q.set('tags', JSON.stringify(tags));
    const body = await this.get<{ data: JaegerTrace[] | null }>(`/api/traces?${q}`);
    return body.data ?? [];
  }

  /**
   * Every trace of a service in the window. Jaeger's API has no cursor, so a window that comes
   * back full is split in two until each part fits; parts are fetched a few at a time.
   */
  async searchAll(
    service: string,
    window: SearchWindow,
    opts: { operation?: string; pageSize?: number; maxTraces?: number; onProgress?: (found: number) => void } = {},
  ): Promise<{ traces: JaegerTrace[]; complete: boolean }> {
    const pageSize = opts.pageSize ?? 500;
    const maxTraces = opts.maxTraces ?? Infinity;
    const found = new Map<string, JaegerTrace>();
    const pending: SearchWindow[] = [window];
    // Bounded: no further search once maxTraces are found (the last batch may pass it by a few pages).
    while (pending.length && found.size < maxTraces) {
      const batch = pending.splice(0, 4);
      const results = await Promise.all(
        batch.map((w) => this.search(service, w, { operation: opts.operation, limit: pageSize })),
      );
      results.forEach((traces, i) => {
        const w = batch[i];
        if (traces.length >= pageSize && w.endUs - w.startUs > 2_000) {
          const mid = Math.floor((w.startUs + w.endUs) / 2);
          pending.push({ startUs: w.startUs, endUs: mid }, { startUs: mid, endUs: w.endUs });
        } else {
          for (const t of traces) found.set(t.traceID, t);
        }
      });
      // Newest windows first: a search cut short by maxTraces keeps the most recent orders.
      pending.sort((x, y) => y.endUs - x.endUs);
      opts.onProgress?.(found.size);
    }
    const traces = [...found.values()];
    if (pending.length === 0 && traces.length <= maxTraces) return { traces, complete: true };
    const startOf = (t: JaegerTrace) => Math.min(...t.spans.map((span) => span.startTime));
    return { traces: traces.sort((x, y) => startOf(y) - startOf(x)).slice(0, maxTraces), complete: false };
  }
}
