// npm run bench [-- --quick] [-- --rounds N] ...: tracing's cost, measured side by side in one run,
// alternating A B C D each round so that drift on a shared machine hits all alike (configurations.ts).
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { ALL_TOPICS, TOPIC_PARTITIONS } from '@ituna/contracts';
import { ensureTopics } from '@ituna/kafka';
import { buildApps, componentsStarted, endpointsFromEnv, jaegerFiles, stackDown, stackUp } from '@ituna/stack';
import { BenchBroker } from './bench-broker';
import { configurationsFor } from './configurations';
import { USAGE, parseBenchOptions, runBench } from './options';
import { renderTable, summarize } from './report';
import { writeResults } from './results-file';
import { RoundContext, runRound } from './round';
import type { RoundResult } from './types';

const root = join(__dirname, '..', '..', '..');
const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);

function collectorPid(): number | undefined {
  try {
    return Number(readFileSync(jaegerFiles.pid, 'utf8')) || undefined;
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  if (process.argv.includes('--help')) return void console.log(USAGE);
  const options = parseBenchOptions(process.argv.slice(2), root);
  const startedAt = Date.now();
  // Jaeger is the user's (the stack's); Kafka is the bench's own, so the user's topics and groups stay as they were.
  const started = await stackUp(['jaeger']);
  const broker = new BenchBroker(join(root, 'tmp', 'bench', 'kafka'));
  try {
    log(`starting the bench's own broker on ${broker.address}`);
    await broker.start();
    // The services create them too; the bench's clients read them first.
    process.env.KAFKA_BROKERS = broker.address;
    await ensureTopics('ituna-bench', ALL_TOPICS, TOPIC_PARTITIONS);
    await buildApps(['tag:type:service']);
    const ctx: RoundContext = {
      root,
      broker,
      queryUrl: endpointsFromEnv().queryUrl,
      collectorPid: collectorPid(),
      options,
    };
    const configurations = configurationsFor(options.configs, options.candidateEnv);
    const runs: RoundResult[] = [];
    for (let round = 1; round <= options.rounds; round++) {
      let rateOfA: number | undefined;
      for (const cfg of configurations) {
        log(`round ${round}/${options.rounds}: ${cfg.name}`);
        const r = await runRound(ctx, cfg, round, rateOfA);
        if (cfg.name === 'A') rateOfA = r.throughput.ordersPerSecond;
        runs.push(r);
        log(
          `  ${r.wallSeconds.toFixed(0)} s: ${r.throughput.ordersPerSecond.toFixed(0)} orders/s, ${r.throughput.cpuMsPerOrder.toFixed(3)} CPU ms/order; Kafka p50 ${r.kafka.latencyMs.p50.toFixed(1)} ms p99 ${r.kafka.latencyMs.p99.toFixed(1)} ms${r.overload ? `; overload ${r.overload.ordersPerSecond.toFixed(0)} orders/s at ${r.overload.rate.toFixed(0)}/s offered` : ''}${r.http ? `; HTTP 202 p50 ${r.http.acceptedLatencyMs.p50.toFixed(1)} ms, ready p50 ${r.http.readyLatencyMs.p50.toFixed(1)} ms` : ''}`,
        );
      }
    }
    const summary = summarize(configurations, runs);
    const seconds = writeResults(options.out, startedAt, options, summary, runs);
    console.log(renderTable(summary, options));
    console.log(`\n${runs.length} runs in ${seconds} s on ${cpus().length} cores; results: ${options.out}`);
  } finally {
    await broker.stop();
    const ours = componentsStarted(started);
    if (ours.length) await stackDown(ours);
  }
}

runBench('bench', USAGE, main);
