// npm run bench:scaling: the pipeline's throughput with 1, 2 and 3 instances of order-validation and
// kitchen-service, with the services' simulated delays (waiting work) and with none (CPU work), on
// topics of 3 and of 6 partitions; the instance counts alternate in each round (side by side).
import { cpus } from 'node:os';
import { join } from 'node:path';
import type { Admin } from 'kafkajs';
import { ALL_TOPICS } from '@ituna/contracts';
import { ensureTopics } from '@ituna/kafka';
import { buildApps, componentsStarted, stackDown, stackUp } from '@ituna/stack';
import { BenchBroker } from '../bench-broker';
import { startFleet, stopFleet } from '../fleet';
import { runBench } from '../options';
import { CpuMeter } from '../process-stats';
import { watchReady } from '../ready-watcher';
import { writeResults } from '../results-file';
import { GROUPS, moveGroupsToEnd } from '../round';
import { burst } from '../workloads';
import { SCALING_USAGE, parseScalingOptions, type ScalingOptions } from './options';
import { renderScalingTable, summarizeScaling } from './report';
import type { ScalingCase, ScalingRun } from './types';

const root = join(__dirname, '..', '..', '..', '..');
const log = (m: string) => process.stderr.write(`[bench:scaling] ${m}\n`);

async function main(): Promise<void> {
  if (process.argv.includes('--help')) return void console.log(SCALING_USAGE);
  const options = parseScalingOptions(process.argv.slice(2), root);
  const startedAt = Date.now();
  // The services export their spans as they always do (to the stack's Jaeger): tracing is part of the cost.
  const started = await stackUp(['jaeger']);
  await buildApps(['tag:type:service']);
  const runs: ScalingRun[] = [];
  try {
    // One block per partition count, each on a fresh broker of the bench's own (the user's topics are untouched).
    for (const partitions of options.partitions) runs.push(...(await runBlock(options, partitions)));
  } finally {
    const ours = componentsStarted(started);
    if (ours.length) await stackDown(ours);
  }
  const rows = summarizeScaling(runs);
  const seconds = writeResults(options.out, startedAt, options, rows, runs);
  console.log(renderScalingTable(rows));
  console.log(`\n${runs.length} runs in ${seconds} s on ${cpus().length} cores; results: ${options.out}`);
}

async function runBlock(options: ScalingOptions, partitions: number): Promise<ScalingRun[]> {
  const broker = new BenchBroker(join(root, 'tmp', 'bench', 'scaling-kafka'));
  const runs: ScalingRun[] = [];
  log(`${partitions} partitions: starting the bench's own broker on ${broker.address}`);
  await broker.start();
  try {
    process.env.KAFKA_BROKERS = broker.address;
    // Made here first, so the services find them with this many partitions (they create none then).
    await ensureTopics('ituna-bench', ALL_TOPICS, partitions);
    for (let round = 1; round <= options.rounds; round++)
      for (const delays of options.delays)
        for (const instances of options.instances) {
          const r = await measure(broker, options, { partitions, delays, instances }, round);
          log(
            `round ${round}/${options.rounds}, ${partitions} partitions, ${delays} delays, ${instances} instance(s): ` +
              `${r.ordersPerSecond.toFixed(1)} orders/s; services ${r.serviceCores.toFixed(2)} cores, broker ${r.brokerCores.toFixed(2)}`,
          );
          runs.push(r);
        }
  } finally {
    await broker.stop();
  }
  return runs;
}

/** One case, one round: its instances up and in their groups, a warm-up, then the burst that is measured. */
async function measure(
  broker: BenchBroker,
  options: ScalingOptions,
  scase: ScalingCase,
  round: number,
): Promise<ScalingRun> {
  await moveGroupsToEnd(broker, GROUPS.services);
  const env: Record<string, string> = scase.delays === 'default' ? { ITUNA_ZERO_DELAYS: 'false' } : {};
  const fleet = await startFleet(
    root,
    { name: `${scase.instances}x`, label: '', kind: 'services', env },
    broker.address,
    {
      'website-ordering': 0,
      'onsite-ordering': 0,
      'direct-kitchen-ordering': 0,
      'order-validation': scase.instances,
      'kitchen-service': scase.instances,
    },
  );
  const kafka = broker.client('ituna-bench');
  const admin = kafka.admin();
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  let watcher: Awaited<ReturnType<typeof watchReady>> | undefined;
  try {
    await Promise.all([admin.connect(), producer.connect()]);
    watcher = await watchReady(kafka);
    await Promise.all(Object.keys(GROUPS.services).map((group) => waitForMembers(admin, group, scase.instances)));
    // Warm-up: transactional producers made, code paths hot; every instance has partitions by now.
    await burst(producer, watcher, scase.delays === 'zero' ? 100 : 12);
    const services = new CpuMeter(fleet.map((p) => p.child.pid as number)).start();
    const brokerCpu = new CpuMeter(broker.processId ? [broker.processId] : []).start();
    const orders = scase.delays === 'zero' ? options.orders : options.delayedOrders;
    const b = await burst(producer, watcher, orders);
    const ms = b.seconds * 1000;
    return {
      ...scase,
      round,
      orders,
      seconds: b.seconds,
      ordersPerSecond: b.ordersPerSecond,
      serviceCores: services.end().cpuMs / ms,
      brokerCores: brokerCpu.end().cpuMs / ms,
    };
  } finally {
    await Promise.allSettled([producer.disconnect(), admin.disconnect(), watcher?.stop()]);
    await stopFleet(fleet);
  }
}

/** Resolves once `group` is stable with `members` members, each holding partitions (no rebalance left to come). */
async function waitForMembers(admin: Admin, group: string, members: number, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { groups } = await admin.describeGroups([group]);
    const g = groups[0];
    if (g?.state === 'Stable' && g.members.length === members) return;
    if (Date.now() > deadline)
      throw new Error(`${group}: ${g?.members.length ?? 0} of ${members} members, ${g?.state}, after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

runBench('bench:scaling', SCALING_USAGE, main);
