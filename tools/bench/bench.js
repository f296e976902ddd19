'use strict';
// npm run bench [-- --quick] [-- --rounds 3] [-- --out file.json]
// Side by side in one run, alternating A B C D A B C D so that drift on a shared machine hits all alike:
//   A  the five services with tracing on, delays zero, simulators off, exactly-once (the default)
//   B  the same with OTEL_SDK_DISABLED=true
//   C  a raw kafkajs relay over the same topics and hops (no NestJS, no tracing): the ceiling
//   D  as A, but ITUNA_DELIVERY=at-least-once: what the Kafka transactions cost
// Orders enter at `ituna-orders` for all three (the relay has no HTTP edge) and are timed until
// they appear on `orders-ready`: sustained throughput for N orders sent at once, and end-to-end
// latency at a paced rate. Also: span completeness (A), start-up time to healthy, resident memory.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { fork, spawn, execFileSync } = require('node:child_process');
const { randomUUID } = require('node:crypto');
const { Kafka, logLevel } = require('kafkajs');
const stack = require('../stack/stack');
const { endpointsFromEnv } = require('../stack/config');
const { summarize, ratio } = require('./stats');

const root = path.resolve(__dirname, '..', '..');
const args = process.argv.slice(2);
const flag = (name) => args.includes(`--${name}`);
const option = (name, fallback) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : fallback);
const quick = flag('quick');
const params = {
  rounds: Number(option('rounds', quick ? 1 : 2)),
  burstOrders: Number(option('orders', quick ? 300 : 3000)),
  pacedRate: Number(option('rate', quick ? 50 : 200)),
  pacedSeconds: Number(option('seconds', quick ? 3 : 30)),
  spanSample: quick ? 20 : 200,
};
const out = option('out', path.join(root, 'tmp', 'bench', quick ? 'results-quick.json' : 'results.json'));
const e = endpointsFromEnv();
const kafka = new Kafka({ clientId: 'ituna-bench', brokers: e.brokers.map((b) => `${b.host}:${b.port}`), logLevel: logLevel.NOTHING });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const log = (m) => process.stderr.write(`[bench] ${m}\n`);

const SERVICES = { 'website-ordering': 3001, 'onsite-ordering': 3002, 'direct-kitchen-ordering': 3003, 'order-validation': 3004, 'kitchen-service': 3005 };
const CONFIGS = {
  A: { label: 'A five services, traced', groups: ['order-validation-server', 'kitchen-service-server'], env: {} },
  B: { label: 'B five services, OTEL disabled', groups: ['order-validation-server', 'kitchen-service-server'], env: { OTEL_SDK_DISABLED: 'true' } },
  C: { label: 'C raw kafkajs relay', groups: ['bench-relay-validation', 'bench-relay-kitchen'] },
  D: { label: 'D as A, at-least-once', groups: ['order-validation-server', 'kitchen-service-server'], env: { ITUNA_DELIVERY: 'at-least-once' } },
};
const GROUP_TOPIC = { 'order-validation-server': 'ituna-orders', 'kitchen-service-server': 'kitchen-orders', 'bench-relay-validation': 'ituna-orders', 'bench-relay-kitchen': 'kitchen-orders' };

function order() {
  return { orderId: randomUUID(), customerId: randomUUID(), channel: 'onsite', items: { 'TUNA MAKI': 2, 'ITUNA SOUP': 1 }, table: 4, placedAt: new Date().toISOString() };
}

/**
 * Every consumer group of the run starts at the end of its topic: no backlog from other runs. The
 * end offsets are written as numbers: kafkajs's resetOffsets commits the sentinel -1 ("latest"),
 * which a consumer subscribed fromBeginning (as the services are) reads as "no offset" and starts
 * at the beginning of the topic's whole history.
 */
async function resetGroups(groups) {
  const admin = kafka.admin();
  await admin.connect();
  for (const groupId of groups) {
    const topic = GROUP_TOPIC[groupId];
    const ends = await admin.fetchTopicOffsets(topic);
    await admin.setOffsets({ groupId, topic, partitions: ends.map((p) => ({ partition: p.partition, offset: p.high })) });
  }
  await admin.disconnect();
}

/** CPU time a process has used so far (user + system), in ms. */
function cpuMs(pid) {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks of 10 ms
  } catch {
    return 0;
  }
}

/** The collector (Jaeger) shares this machine's cores: its CPU is part of what tracing costs here. */
function collectorPid() {
  try {
    return Number(fs.readFileSync(path.join(root, '.stack', 'jaeger', 'jaeger.pid'), 'utf8'));
  } catch {
    return undefined;
  }
}

function rssMb(pid) {
  try {
    const kb = Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);
    return Math.round(kb / 1024);
  } catch {
    return null;
  }
}

async function waitHealthy(port, child) {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`service on ${port} exited during start-up`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(1000) })).ok) return;
    } catch {
      /* not yet */
    }
    await sleep(50);
  }
}

/** The Node flags a service runs with: its serve target's runtimeArgs (heap limits). */
function runtimeArgs(service) {
  return JSON.parse(fs.readFileSync(path.join(root, 'apps', service, 'project.json'), 'utf8')).targets.serve.options.runtimeArgs ?? [];
}

async function startConfig(name) {
  const cfg = CONFIGS[name];
  await resetGroups(cfg.groups);
  if (name === 'C') {
    const child = fork(path.join(__dirname, 'raw-relay.js'), [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    const startedAt = Date.now();
    await new Promise((resolve, reject) => {
      child.once('message', resolve);
      child.once('exit', (code) => reject(new Error(`relay exited with ${code}`)));
    });
    return { processes: [{ name: 'raw-relay', child, startupMs: Date.now() - startedAt }] };
  }
  const processes = await Promise.all(
    Object.entries(SERVICES).map(async ([service, port]) => {
      const startedAt = Date.now();
      // ITUNA_BENCH_PROFILE=<dir>: a CPU profile per service (node --cpu-prof), to find where time goes.
      const profile = process.env.ITUNA_BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir', process.env.ITUNA_BENCH_PROFILE] : [];
      const child = spawn(process.execPath, [...runtimeArgs(service), ...profile, path.join(root, 'dist', 'apps', service, 'main.cjs')], {
        cwd: root,
        stdio: ['ignore', 'ignore', 'inherit'],
        env: { ...process.env, ITUNA_ZERO_DELAYS: 'true', ITUNA_SIMULATOR_INTERVAL_MS: '0', LOG_LEVEL: 'warn', LOG_FORMAT: 'json', ...cfg.env },
      });
      await waitHealthy(port, child);
      return { name: service, child, startupMs: Date.now() - startedAt };
    }),
  );
  return { processes };
}

async function stopProcesses(processes) {
  await Promise.all(
    processes.map(
      ({ child }) =>
        new Promise((resolve) => {
          if (child.exitCode !== null) return resolve();
          child.once('exit', resolve);
          child.kill('SIGTERM');
          setTimeout(() => child.kill('SIGKILL'), 20000).unref();
        }),
    ),
  );
}

/** Arrival times on orders-ready by order id, from the moment start() resolves. */
async function readyWatcher() {
  const arrivals = new Map();
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets('orders-ready');
  await admin.disconnect();
  const consumer = kafka.consumer({ groupId: `bench-watch-${randomUUID()}`, maxWaitTimeInMs: 20 });
  await consumer.connect();
  await consumer.subscribe({ topic: 'orders-ready', fromBeginning: false });
  const joined = new Promise((resolve) => consumer.on(consumer.events.GROUP_JOIN, resolve));
  await consumer.run({
    partitionsConsumedConcurrently: 3,
    eachMessage: async ({ message }) => {
      if (message.key) arrivals.set(message.key.toString(), performance.now());
    },
  });
  await joined;
  for (const p of ends) consumer.seek({ topic: 'orders-ready', partition: p.partition, offset: p.high });
  const waitFor = async (ids, timeoutMs) => {
    const deadline = Date.now() + timeoutMs;
    while (ids.some((id) => !arrivals.has(id))) {
      if (Date.now() > deadline) throw new Error(`${ids.filter((id) => !arrivals.has(id)).length} of ${ids.length} orders not ready after ${timeoutMs} ms`);
      await sleep(5);
    }
  };
  return { arrivals, waitFor, stop: () => consumer.disconnect() };
}

async function burst(producer, watcher, n) {
  const orders = Array.from({ length: n }, order);
  const t0 = performance.now();
  for (let i = 0; i < orders.length; i += 250) {
    await producer.send({ topic: 'ituna-orders', acks: -1, messages: orders.slice(i, i + 250).map((o) => ({ key: o.orderId, value: JSON.stringify(o) })) });
  }
  await watcher.waitFor(orders.map((o) => o.orderId), 300000);
  const t1 = Math.max(...orders.map((o) => watcher.arrivals.get(o.orderId)));
  return { orders: n, seconds: (t1 - t0) / 1000, ordersPerSecond: n / ((t1 - t0) / 1000) };
}

async function paced(producer, watcher, rate, seconds) {
  const total = rate * seconds;
  const sent = new Map();
  const start = performance.now();
  const inflight = [];
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    const o = order();
    sent.set(o.orderId, performance.now());
    inflight.push(producer.send({ topic: 'ituna-orders', acks: -1, messages: [{ key: o.orderId, value: JSON.stringify(o) }] }));
  }
  await Promise.all(inflight);
  const ids = [...sent.keys()];
  await watcher.waitFor(ids, 120000);
  const latencies = ids.map((id) => watcher.arrivals.get(id) - sent.get(id));
  return { rate, seconds, orders: total, achievedRate: total / ((performance.now() - start) / 1000), latencyMs: summarize(latencies), ids };
}

/** Spans found in Jaeger over spans expected, for a sample of the paced orders. */
async function spanCompleteness(ids) {
  const expected = ['process ituna-orders', 'validate-order', 'validate-address', 'validate-name', 'validate-inventory', 'send kitchen-orders', 'process kitchen-orders', 'cook-order', 'cut-fish', 'plate', 'send orders-ready'];
  await sleep(3000); // one batch delay and then some
  let found = 0;
  for (const id of ids) {
    const q = new URLSearchParams({ service: 'order-validation', tags: JSON.stringify({ 'ituna.order.id': id }), limit: '1', lookback: '1h' });
    const body = await (await fetch(`${e.queryUrl}/api/traces?${q}`)).json();
    const spans = body.data?.[0]?.spans ?? [];
    found += expected.filter((name) => spans.some((s) => s.operationName === name)).length;
  }
  return { sampled: ids.length, expectedSpans: ids.length * expected.length, foundSpans: found, completeness: found / (ids.length * expected.length) };
}

async function runOnce(name, round) {
  log(`round ${round}: ${CONFIGS[name].label}`);
  const { processes } = await startConfig(name);
  const watcher = await readyWatcher();
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  try {
    await burst(producer, watcher, 50); // warm-up: groups joined, code paths hot
    const pids = processes.map((p) => p.child.pid);
    const collector = collectorPid();
    const cpuBefore = pids.reduce((a, pid) => a + cpuMs(pid), 0);
    const collectorBefore = collector ? cpuMs(collector) : 0;
    const throughput = await burst(producer, watcher, params.burstOrders);
    // Exports of the burst's last spans land within a batch delay.
    await sleep(1500);
    throughput.cpuMsPerOrder = (pids.reduce((a, pid) => a + cpuMs(pid), 0) - cpuBefore) / params.burstOrders;
    throughput.collectorCpuMsPerOrder = collector ? (cpuMs(collector) - collectorBefore) / params.burstOrders : null;
    await sleep(1000);
    const latency = await paced(producer, watcher, params.pacedRate, params.pacedSeconds);
    const sample = latency.ids.filter((_, i) => i % Math.max(1, Math.floor(latency.ids.length / params.spanSample)) === 0).slice(0, params.spanSample);
    const spans = name === 'A' ? await spanCompleteness(sample) : undefined;
    const memory = Object.fromEntries(processes.map((p) => [p.name, rssMb(p.child.pid)]));
    const startup = Object.fromEntries(processes.map((p) => [p.name, p.startupMs]));
    delete latency.ids;
    log(`  ${throughput.ordersPerSecond.toFixed(0)} orders/s; p50 ${latency.latencyMs.p50.toFixed(1)} ms p99 ${latency.latencyMs.p99.toFixed(1)} ms at ${params.pacedRate}/s`);
    return { config: name, round, throughput, latency, spans, startupMs: startup, rssMb: memory };
  } finally {
    await producer.disconnect();
    await watcher.stop();
    await stopProcesses(processes);
  }
}

/** The middle value of the rounds; with an even number of rounds, the mean of the two middle ones. */
function median(values) {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return 0;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

function aggregate(runs) {
  const by = (name) => runs.filter((r) => r.config === name);
  const agg = {};
  for (const name of Object.keys(CONFIGS)) {
    const rs = by(name);
    agg[name] = {
      label: CONFIGS[name].label,
      ordersPerSecond: median(rs.map((r) => r.throughput.ordersPerSecond)),
      p50: median(rs.map((r) => r.latency.latencyMs.p50)),
      p95: median(rs.map((r) => r.latency.latencyMs.p95)),
      p99: median(rs.map((r) => r.latency.latencyMs.p99)),
      startupMs: rs[rs.length - 1].startupMs,
      rssMb: rs[rs.length - 1].rssMb,
      spanCompleteness: rs[0].spans ? median(rs.map((r) => r.spans.completeness)) : undefined,
      cpuMsPerOrder: median(rs.map((r) => r.throughput.cpuMsPerOrder)),
      collectorCpuMsPerOrder: median(rs.map((r) => r.throughput.collectorCpuMsPerOrder ?? 0)),
      // Each round's figures, so that the spread behind a median shows.
      rounds: { ordersPerSecond: rs.map((r) => r.throughput.ordersPerSecond), p99: rs.map((r) => r.latency.latencyMs.p99) },
    };
  }
  return {
    configs: agg,
    ratios: {
      throughputAoverB: ratio(agg.A.ordersPerSecond, agg.B.ordersPerSecond),
      throughputAoverC: ratio(agg.A.ordersPerSecond, agg.C.ordersPerSecond),
      p50AminusBms: agg.A.p50 - agg.B.p50,
      p99AoverB: ratio(agg.A.p99, agg.B.p99),
      cpuPerOrderAoverB: ratio(agg.A.cpuMsPerOrder, agg.B.cpuMsPerOrder),
      throughputAoverD: ratio(agg.A.ordersPerSecond, agg.D.ordersPerSecond),
      p99AoverD: ratio(agg.A.p99, agg.D.p99),
    },
  };
}

function table(summary) {
  const { configs: c, ratios: r } = summary;
  const row = (x) =>
    `${x.label.padEnd(32)} ${x.ordersPerSecond.toFixed(0).padStart(8)} ${x.p50.toFixed(1).padStart(8)} ${x.p95.toFixed(1).padStart(8)} ${x.p99.toFixed(1).padStart(8)} ${x.cpuMsPerOrder.toFixed(3).padStart(12)} ${x.collectorCpuMsPerOrder.toFixed(3).padStart(14)}`;
  return [
    `${'configuration'.padEnd(32)} ${'orders/s'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'CPU ms/order'.padStart(12)} ${'Jaeger ms/ord'.padStart(14)}`,
    row(c.A),
    row(c.B),
    row(c.C),
    row(c.D),
    '',
    `throughput A/B ${r.throughputAoverB.toFixed(3)}   A/C ${r.throughputAoverC.toFixed(3)}   p50 A-B ${r.p50AminusBms.toFixed(2)} ms   p99 A/B ${r.p99AoverB.toFixed(2)}   service CPU per order A/B ${r.cpuPerOrderAoverB.toFixed(2)}`,
    `delivery modes: exactly-once (A) over at-least-once (D): throughput ${r.throughputAoverD.toFixed(3)}   p99 ${r.p99AoverD.toFixed(2)}`,
    `per round, orders/s (p99 ms): ${['A', 'B', 'C', 'D'].map((k) => `${k} ${c[k].rounds.ordersPerSecond.map((v, i) => `${v.toFixed(0)} (${c[k].rounds.p99[i].toFixed(0)})`).join(' / ')}`).join('   ')}`,
    `span completeness (A) ${c.A.spanCompleteness?.toFixed(3)}   start-up ms A ${JSON.stringify(c.A.startupMs)}   RSS MB A ${JSON.stringify(c.A.rssMb)} B ${JSON.stringify(c.B.rssMb)} C ${JSON.stringify(c.C.rssMb)}`,
  ].join('\n');
}

/** On a fresh broker the topics do not exist until a service starts; the harness needs them first. */
async function ensureTopics() {
  const topics = ['ituna-orders', 'kitchen-orders', 'orders-ready', 'orders-rejected', 'ituna-orders.dlq', 'kitchen-orders.dlq'];
  const admin = kafka.admin();
  await admin.connect();
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((t) => !existing.has(t));
  if (missing.length) await admin.createTopics({ waitForLeaders: true, topics: missing.map((topic) => ({ topic, numPartitions: 3 })) });
  await admin.disconnect();
}

async function main() {
  const started = await stack.up(['kafka', 'jaeger']);
  await ensureTopics();
  execFileSync(process.execPath, [path.join(root, 'node_modules', 'nx', 'dist', 'bin', 'nx.js'), 'run-many', '-t', 'build', '--projects=tag:type:service', '--output-style=static'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  const runs = [];
  try {
    for (let round = 1; round <= params.rounds; round++) for (const name of Object.keys(CONFIGS)) runs.push(await runOnce(name, round));
  } finally {
    const ours = Object.keys(started).filter((k) => started[k] === 'started');
    if (ours.length) await stack.down(ours);
  }
  const summary = aggregate(runs);
  const result = { when: new Date().toISOString(), machine: { cpus: os.cpus().length, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.type()} ${os.release()}` }, params, summary, runs };
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify(result, null, 2));
  console.log(table(summary));
  console.log(`\nresults: ${out}`);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(`[bench] ${err.stack || err.message}`);
    process.exit(1);
  },
);
