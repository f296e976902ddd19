// npm run bench [-- --quick] [-- --rounds N] ...: tracing's cost, measured side by side in one run,
// alternating A B C D each round so that drift on a shared machine hits all alike (configurations.ts).
import { cpus } from 'node:os';
import { join } from 'node:path';
import { ALL_TOPICS, TOPIC_PARTITIONS } from '@ituna/contracts';
import { ensureTopics } from '@ituna/kafka';
import { buildApps } from '@ituna/stack';
import { BenchBroker } from './bench-broker';
import { BenchJaeger } from './bench-jaeger';
import { configurationsFor } from './configurations';
import { USAGE, parseBenchOptions, runBench } from './options';
import { renderTable, storeCapacityLine, summarize } from './report';
import { writeResults } from './results-file';
import { RoundContext, runRound } from './round';
import { measureStoreCapacity } from './store-capacity';
import type { RoundResult } from './types';

const root = join(__dirname, '..', '..', '..');
const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);

async function main(): Promise<void> {
  if (process.argv.includes('--help')) return void console.log(USAGE);
  const options = parseBenchOptions(process.argv.slice(2), root);
  const startedAt = Date.now();
  // Kafka and Jaeger are the bench's own: the user's topics, groups and traces stay as they were,
  // and Jaeger's storage is the run's choice (--jaeger-storage).
  const broker = new BenchBroker(join(root, 'tmp', 'bench', 'kafka'));
  let jaeger = new BenchJaeger(join(root, 'tmp', 'bench', 'jaeger'), options.jaegerStorage);
  try {
    log(
      `starting the bench's own broker on ${broker.address} and Jaeger (${jaeger.storage}) on ${jaeger.otlpEndpoint}`,
    );
    await Promise.all([broker.start(), jaeger.start()]);
    // The services create them too; the bench's clients read them first.
    process.env.KAFKA_BROKERS = broker.address;
    // The services export there (the traces endpoint, when set, would win over the endpoint).
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = jaeger.otlpEndpoint;
    delete process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
    await ensureTopics('ituna-bench', ALL_TOPICS, TOPIC_PARTITIONS);
    await buildApps(['tag:type:service']);
    const ctx: RoundContext = {
      root,
      broker,
      queryUrl: jaeger.queryUrl,
      collectorPid: jaeger.processId,
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
    // The trace store's capacity, apart from the services: Jaeger with Badger alone on the machine.
    await jaeger.stop();
    jaeger = new BenchJaeger(join(root, 'tmp', 'bench', 'jaeger'), 'badger');
    await jaeger.start();
    log('trace store capacity: synthetic order traces straight to Jaeger with Badger');
    const capacity = await measureStoreCapacity(jaeger, options.capacityTraces);
    log(`  ${storeCapacityLine(capacity)}`);
    const summary = summarize(configurations, runs, options.jaegerStorage, capacity);
    const seconds = writeResults(options.out, startedAt, options, summary, runs);
    console.log(renderTable(summary, options));
    console.log(`\n${runs.length} runs in ${seconds} s on ${cpus().length} cores; results: ${options.out}`);
  } finally {
    await Promise.all([broker.stop(), jaeger.stop()]);
  }
}

runBench('bench', USAGE, main);
