import { spread } from '../spread';
import { SPAN_COST_LAYERS } from './layers';
import { SPANS_PER_ORDER } from './order-hops';
import type { SpanCostRun, SpanCostSummary } from './types';

const usPerSpan = (run: SpanCostRun) => (run.cpuMs * 1000) / run.spans;

/** Each layer's CPU per span over the rounds, and per round what it adds to the layer before and to "off". */
export function summarizeSpanCost(runs: readonly SpanCostRun[]): SpanCostSummary[] {
  const measured = SPAN_COST_LAYERS.filter((l) => runs.some((r) => r.layer === l.name));
  const inRound = (round: number | undefined, layer: string) =>
    runs.find((r) => r.round === round && r.layer === layer);
  return measured.map(({ name, label }, i) => {
    const own = runs.filter((r) => r.layer === name);
    const before = measured[i - 1]?.name;
    const pairs = (other: string) =>
      own.flatMap((r) => {
        const o = inRound(r.round, other);
        return o ? [{ run: r, other: o }] : [];
      });
    const exportedShares = own.filter((r) => r.exported !== undefined).map((r) => (r.exported as number) / r.spans);
    return {
      layer: name,
      label,
      rounds: own.length,
      usPerSpan: spread(own.map(usPerSpan)),
      addedUsPerSpan: before ? spread(pairs(before).map((p) => usPerSpan(p.run) - usPerSpan(p.other))) : undefined,
      addedMsPerOrder:
        name !== 'off' && measured[0].name === 'off'
          ? spread(pairs('off').map((p) => ((usPerSpan(p.run) - usPerSpan(p.other)) * SPANS_PER_ORDER) / 1000))
          : undefined,
      exportedShare: exportedShares.length ? Math.min(...exportedShares) : undefined,
    };
  });
}

const fmt = (v: number, digits: number) => (Number.isFinite(v) ? v.toFixed(digits) : 'n/a');
const range = (s: { median: number; min: number; max: number }, digits: number) =>
  `${fmt(s.median, digits)} (${fmt(s.min, digits)}-${fmt(s.max, digits)})`;

/** The table the terminal shows: medians with the lowest and highest round. */
export function renderSpanCostTable(summaries: readonly SpanCostSummary[]): string {
  const head = `${'layer'.padEnd(72)}${'CPU us/span'.padStart(22)}${'added us/span'.padStart(22)}${`added ms/order (${SPANS_PER_ORDER} spans)`.padStart(28)}${'exported'.padStart(10)}`;
  const rows = summaries.map((s) =>
    [
      `${s.layer.padEnd(9)}${s.label}`.padEnd(72),
      range(s.usPerSpan, 1).padStart(22),
      (s.addedUsPerSpan ? range(s.addedUsPerSpan, 1) : '').padStart(22),
      (s.addedMsPerOrder ? range(s.addedMsPerOrder, 3) : '').padStart(28),
      (s.exportedShare === undefined ? '' : fmt(s.exportedShare, 3)).padStart(10),
    ].join(''),
  );
  return [head, ...rows].join('\n');
}
