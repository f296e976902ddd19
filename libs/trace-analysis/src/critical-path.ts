import type { SpanRow } from './span-row';

/**
 * The spans that decided a trace's end-to-end time, in the order they started (the algorithm of Jaeger UI's
 * critical path, with each span's end taken as the latest end in its subtree, since a Kafka
 * consumer ends after the producer that is its parent). From a span, the child whose subtree ends
 * last (before the time still to explain) is on the path; so is, before it, the child that ended
 * last before it started, and so on back to the span's start.
 */
export function criticalPath(rows: readonly SpanRow[]): string[] {
  if (!rows.length) return [];
  const ids = new Set(rows.map((r) => r.spanId));
  const children = new Map<string, SpanRow[]>();
  const roots: SpanRow[] = [];
  for (const r of rows) {
    if (r.parentId && ids.has(r.parentId)) children.set(r.parentId, [...(children.get(r.parentId) ?? []), r]);
    else roots.push(r);
  }
  const ends = new Map<string, number>();
  const subtreeEnd = (r: SpanRow): number => {
    let end = ends.get(r.spanId);
    if (end === undefined) {
      end = Math.max(r.offsetMs + r.durationMs, ...(children.get(r.spanId) ?? []).map(subtreeEnd));
      ends.set(r.spanId, end);
    }
    return end;
  };
  const path: string[] = [];
  const walk = (span: SpanRow, until: number) => {
    path.push(span.spanId);
    const left = [...(children.get(span.spanId) ?? [])];
    for (let t = until; ;) {
      let best: SpanRow | undefined;
      let bestEnd = -Infinity;
      for (const c of left) {
        const end = Math.min(subtreeEnd(c), t);
        if (c.offsetMs < t && end > bestEnd) [best, bestEnd] = [c, end];
      }
      if (!best) return;
      left.splice(left.indexOf(best), 1);
      walk(best, bestEnd);
      t = best.offsetMs;
    }
  };
  const root = roots.reduce((a, b) => (subtreeEnd(b) > subtreeEnd(a) ? b : a));
  walk(root, subtreeEnd(root));
  const start = new Map(rows.map((r) => [r.spanId, r.offsetMs]));
  // Stable: a child that starts with its parent stays after it.
  return path.sort((a, b) => (start.get(a) ?? 0) - (start.get(b) ?? 0));
}
