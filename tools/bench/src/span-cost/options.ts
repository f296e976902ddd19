import { join } from 'node:path';
import { SPAN_COST_LAYERS, isSpanCostLayer, type SpanCostLayer } from './layers';
import { SPANS_PER_ORDER } from './order-hops';
import { UsageError, asUsageError, positiveInteger, strictFlags } from '../options';

export interface SpanCostOptions {
  rounds: number;
  orders: number;
  warmUpOrders: number;
  layers: SpanCostLayer[];
  out: string;
}

export const SPAN_COST_USAGE = `npm run bench:spans [-- --quick] [-- --rounds N] [-- --orders N] [-- --layers off,spans,...] [-- --out file.json]
  --quick        a small run (1 round, few orders): checks the harness, not the speed
  --rounds N     rounds of the layers, alternating (default 7)
  --orders N     orders per layer and round, ${SPANS_PER_ORDER} spans each (default 40000, after 5000 to warm up)
  --layers LIST  layers measured (default ${SPAN_COST_LAYERS.map((l) => l.name).join(',')})
  --out FILE     where the JSON results go (default tmp/bench/span-cost.json)`;

/** Parses the command line strictly: an unknown flag, a missing value or a bad number is an error. */
export function parseSpanCostOptions(argv: readonly string[], root: string): SpanCostOptions {
  return asUsageError(() => fromValues(parse(argv), root));
}

function parse(argv: readonly string[]) {
  return strictFlags(argv, { layers: { type: 'string' } });
}

function fromValues(values: ReturnType<typeof parse>, root: string): SpanCostOptions {
  const layers = (values.layers ?? SPAN_COST_LAYERS.map((l) => l.name).join(',')).split(',').map((l) => l.trim());
  const unknown = layers.filter((l) => !isSpanCostLayer(l));
  if (unknown.length || !layers.length)
    throw new UsageError(`--layers takes ${SPAN_COST_LAYERS.map((l) => l.name).join(', ')} (got "${values.layers}")`);
  return {
    rounds: positiveInteger('rounds', values.rounds, values.quick ? 1 : 7),
    orders: positiveInteger('orders', values.orders, values.quick ? 200 : 40_000),
    warmUpOrders: values.quick ? 50 : 5_000,
    layers: layers as SpanCostLayer[],
    out: values.out ?? join(root, 'tmp', 'bench', 'span-cost.json'),
  };
}
