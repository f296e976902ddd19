// npm run bench:spans: what each layer of tracing costs per span, without Kafka, Nest's transport
// or a second process in the way; the layers alternate in each round, each in a process of its own.
import { spawn } from 'node:child_process';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { componentsStarted, stackDown, stackUp } from '@ituna/stack';
import { serviceNodeFlags } from '../fleet';
import { runBench } from '../options';
import { writeResults } from '../results-file';
import { SPAN_COST_USAGE, parseSpanCostOptions, type SpanCostOptions } from './options';
import { renderSpanCostTable, summarizeSpanCost } from './report';
import type { SpanCostRun } from './types';

const root = join(__dirname, '..', '..', '..', '..');
const log = (m: string) => process.stderr.write(`[bench:spans] ${m}\n`);

/** One layer in a child process, with the Node flags the services run with (their heap sizes decide GC's share). */
export function measureLayer(
  options: Pick<SpanCostOptions, 'orders' | 'warmUpOrders'>,
  layer: string,
): Promise<SpanCostRun> {
  const flags = serviceNodeFlags(root, 'order-validation', { name: 'A', label: '', kind: 'services', env: {} });
  const args = [
    ...flags,
    '-r',
    'ts-node/register',
    '-r',
    'tsconfig-paths/register',
    join(__dirname, 'child.ts'),
    layer,
    String(options.orders),
    String(options.warmUpOrders),
  ];
  const env = {
    ...process.env,
    TS_NODE_PROJECT: join(root, 'tools', 'tsconfig.json'),
    TS_NODE_TRANSPILE_ONLY: 'true',
    OTEL_SDK_DISABLED: undefined,
    ITUNA_TRACING_SPAN_COUNTS: undefined,
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (code !== 0 || !line.startsWith('{'))
        return reject(new Error(`layer ${layer} exited with ${code}: ${err.trim() || out.trim()}`));
      resolve(JSON.parse(line) as SpanCostRun);
    });
  });
}

async function main(): Promise<void> {
  if (process.argv.includes('--help')) return void console.log(SPAN_COST_USAGE);
  const options = parseSpanCostOptions(process.argv.slice(2), root);
  const startedAt = Date.now();
  // The last layer exports to the stack's Jaeger, as the services do; started here if it is not running.
  const started = options.layers.includes('exported') ? await stackUp(['jaeger']) : {};
  try {
    const runs: SpanCostRun[] = [];
    for (let round = 1; round <= options.rounds; round++) {
      for (const layer of options.layers) {
        const run = { ...(await measureLayer(options, layer)), round };
        runs.push(run);
        log(
          `round ${round}/${options.rounds}: ${layer} ${((run.cpuMs * 1000) / run.spans).toFixed(1)} us CPU per span`,
        );
      }
    }
    const summary = summarizeSpanCost(runs);
    const seconds = writeResults(options.out, startedAt, options, summary, runs);
    console.log(renderSpanCostTable(summary));
    console.log(`\n${runs.length} runs in ${seconds} s on ${cpus().length} cores; results: ${options.out}`);
  } finally {
    const ours = componentsStarted(started);
    if (ours.length) await stackDown(ours);
  }
}

if (require.main === module) runBench('bench:spans', SPAN_COST_USAGE, main);
