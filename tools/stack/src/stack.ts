// Brings Kafka and Jaeger up natively (or with Docker when ITUNA_STACK=docker), reusing whatever
// already answers, and stops only what it started.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { INSIGHTS_PORT } from '@ituna/contracts';
import * as paths from './paths';
import {
  STACK_COMPONENTS,
  decide,
  defaults,
  endpointsFromEnv,
  jaegerPipelineFromEnv,
  kafkaNodeCountFromEnv,
  kafkaNodes,
  metricsFromEnv,
  wantedComponents,
  type Endpoints,
  type HostPort,
  type StackComponent,
} from './config';
import { isAlive, ownedPid, stopPid, tail } from './processes';
import { httpOk, isPortOpen, kafkaAnswersMetadata, waitFor } from './probes';
import { requireTools } from './prerequisites';
import { elapsed, log } from './progress';
import { clusterFiles, kafkaFiles, startKafka, startKafkaCluster } from './kafka';
import { JAEGER_ROLES, jaegerFilesOf, startJaeger, type JaegerRole } from './jaeger';
import { prometheusFiles, startPrometheus } from './prometheus';

const timeoutMs = Number(process.env.ITUNA_STACK_TIMEOUT_MS || 120000);

/** One component of the stack: where it is expected, how to check it, how to start our own. */
export interface ComponentSpec {
  /** The PID files of the processes this checkout starts for it (one, or a cluster's nodes). */
  pidFiles: string[];
  /** Its logs, the first being the one to read when it fails. */
  logFiles: string[];
  /** The user points at an address of their own (KAFKA_BROKERS, OTEL_EXPORTER_OTLP_ENDPOINT). */
  configured: boolean;
  target: HostPort;
  healthy: () => Promise<boolean>;
  reachable: () => Promise<boolean>;
  /** Starts our own in the background; resolves with its PIDs. */
  start: () => Promise<(number | undefined)[]>;
  /** Where it is, for the log and `status`. */
  where: string;
}

/** How `up` found or left a component. */
export type UpOutcome = 'started' | 'running' | 'reuse' | 'docker';

export type StackOutcome = Partial<Record<StackComponent, UpOutcome>>;

/** One line of `status`. */
export interface StatusRow {
  component: StackComponent;
  healthy: boolean;
  /** 'ours (pid N)', 'external' or '-'. */
  owner: string;
  where: string;
}

/**
 * How many nodes the stack's Kafka has: ITUNA_KAFKA_NODES when set, else three while the cluster
 * this checkout started runs (so `npm start` after `stack:up -- --brokers 3` finds it), else one.
 */
export function stackKafkaNodeCount(env: NodeJS.ProcessEnv = process.env): number {
  return kafkaNodeCountFromEnv(env) ?? (kafkaNodes(3).some((n) => ownedPid(clusterFiles(n.nodeId).pid)) ? 3 : 1);
}

function kafkaSpec(e: Endpoints, nodeCount: number): ComponentSpec {
  const nodes = kafkaNodes(nodeCount);
  const files = nodeCount > 1 ? nodes.map((n) => clusterFiles(n.nodeId)) : [kafkaFiles];
  const addresses = e.brokers.map((b) => `${b.host}:${b.port}`).join(',');
  return {
    pidFiles: files.map((f) => f.pid),
    logFiles: files.flatMap((f) => [join(f.logs, 'server.log'), f.log]),
    configured: e.kafkaConfigured,
    target: e.brokers[0],
    // A cluster is up when every node has registered as a broker.
    healthy: () => kafkaAnswersMetadata(e.brokers, e.kafkaConfigured ? 1 : nodeCount),
    reachable: async () => (await Promise.all(e.brokers.map((b) => isPortOpen(b.host, b.port)))).some(Boolean),
    start: () =>
      nodeCount > 1
        ? startKafkaCluster(nodes)
        : startKafka({ host: defaults.kafka.host, port: e.brokers[0].port }).then((pid) => [pid]),
    where: nodeCount > 1 && !e.kafkaConfigured ? `Kafka (${nodeCount} nodes) ${addresses}` : `Kafka ${addresses}`,
  };
}

/** The stack's components as the environment (KAFKA_BROKERS, OTEL_EXPORTER_OTLP_ENDPOINT, ...) places them. */
export function describeStack(env: NodeJS.ProcessEnv = process.env): Record<StackComponent, ComponentSpec> {
  const nodeCount = stackKafkaNodeCount(env);
  const e = endpointsFromEnv(env, nodeCount);
  return {
    kafka: kafkaSpec(e, nodeCount),
    jaeger: jaegerSpec(env, e, nodeCount),
    prometheus: prometheusSpec(e),
  };
}

function prometheusSpec(e: Endpoints): ComponentSpec {
  return {
    pidFiles: [prometheusFiles.pid],
    logFiles: [prometheusFiles.log],
    configured: e.prometheusConfigured,
    target: e.prometheus,
    healthy: () => httpOk(`${e.prometheusUrl}/-/ready`),
    reachable: () => isPortOpen(e.prometheus.host, e.prometheus.port),
    start: () => startPrometheus(e.prometheus).then((pid) => [pid]),
    where: `Prometheus ${e.prometheusUrl} (RED metrics from the spans, consumer lag)`,
  };
}

function jaegerSpec(env: NodeJS.ProcessEnv, e: Endpoints, nodeCount: number): ComponentSpec {
  // A bad JAEGER_PIPELINE is refused when Jaeger starts (jaegerLaunches); stop and status still work.
  const pipeline = (() => {
    try {
      return jaegerPipelineFromEnv(env);
    } catch {
      return 'single';
    }
  })();
  const roles: JaegerRole[] = pipeline === 'kafka' ? ['collector', 'ingester'] : ['jaeger'];
  return {
    pidFiles: roles.map((r) => jaegerFilesOf(r).pid),
    logFiles: roles.map((r) => jaegerFilesOf(r).log),
    configured: e.otlpConfigured,
    target: e.otlp,
    healthy: async () =>
      e.otlpConfigured
        ? isPortOpen(e.otlp.host, e.otlp.port)
        : (await Promise.all(roles.map((r) => jaegerRoleHealthy(r, e)))).every(Boolean),
    reachable: () => isPortOpen(e.otlp.host, e.otlp.port),
    start: () => startJaeger(kafkaOf(e, nodeCount)),
    where:
      pipeline === 'kafka'
        ? `Jaeger collector OTLP gRPC ${e.otlp.host}:${e.otlp.port} → Kafka → ingester, query API ${e.queryUrl}`
        : // The native build (Go module) serves a placeholder page where Jaeger's UI would be.
          `Jaeger OTLP gRPC ${e.otlp.host}:${e.otlp.port}, query API ${e.queryUrl} (no UI in this build: traces are on the insights page, port ${INSIGHTS_PORT})`,
  };
}

const kafkaOf = (e: Endpoints, nodeCount: number) => ({
  brokers: e.brokers.map((b) => `${b.host}:${b.port}`),
  nodeCount,
});

function jaegerRoleHealthy(role: JaegerRole, e: Endpoints): Promise<boolean> {
  const port = role === 'ingester' ? defaults.jaeger.ingesterHealthPort : defaults.jaeger.healthPort;
  return httpOk(`http://${e.otlp.host}:${port}/status`);
}

/**
 * Stops one process of the Kafka pipeline's Jaeger, which this checkout started (a fault test
 * stops the ingester while the collector goes on writing to Kafka).
 */
export async function stopJaegerRole(role: JaegerRole, how: 'stop' | 'kill' = 'stop'): Promise<void> {
  const pid = ownedPid(jaegerFilesOf(role).pid);
  if (pid === undefined) throw new Error(`the Jaeger ${role} was not started by this checkout`);
  if (how === 'kill') {
    // No moment to flush: what it took from Kafka and had not stored must be read again.
    process.kill(pid, 'SIGKILL');
    while (isAlive(pid)) await new Promise((resolve) => setTimeout(resolve, 50));
  } else await stopPid(pid);
  rmSync(jaegerFilesOf(role).pid, { force: true });
}

/** Starts one process of the Kafka pipeline's Jaeger again and waits until it is healthy. */
export async function startJaegerRole(role: JaegerRole): Promise<void> {
  const nodeCount = stackKafkaNodeCount();
  const e = endpointsFromEnv(process.env, nodeCount);
  const [pid] = await startJaeger(kafkaOf(e, nodeCount), [role]);
  const ok = await waitFor(() => jaegerRoleHealthy(role, e), {
    timeoutMs,
    isStillRunning: () => pid === undefined || isAlive(pid),
  });
  if (!ok) throw new Error(`the Jaeger ${role} did not become healthy; see ${jaegerFilesOf(role).log}`);
}

/** The live processes this checkout started for a component. */
function ownedPids(spec: ComponentSpec): number[] {
  return spec.pidFiles.map((f) => ownedPid(f)).filter((pid): pid is number => pid !== undefined);
}

function docker(args: string[]): void {
  // Compose puts ITUNA_METRICS into file names: the launcher's any-case value, lower-cased.
  const env = { ...process.env, ITUNA_METRICS: metricsFromEnv() };
  const res = spawnSync('docker', ['compose', '-f', paths.composeFile, ...args], { stdio: 'inherit', env });
  if (res.error || res.status !== 0)
    throw new Error(`docker compose ${args.join(' ')} failed; is a Docker engine running?`);
}

function failure(name: StackComponent, spec: ComponentSpec, why: string): Error {
  const logs = spec.logFiles.filter((f) => existsSync(f));
  const shown = logs.map((f) => `--- last lines of ${f} ---\n${tail(f, 25)}`).join('\n');
  return new Error(`${name} ${why}. Log file: ${logs.join(', ') || spec.logFiles[0]}\n${shown}`);
}

async function bringUp(name: StackComponent, spec: ComponentSpec): Promise<Exclude<UpOutcome, 'docker'>> {
  const owned = ownedPids(spec);
  const reachable = !owned.length && (await spec.reachable());
  const action = decide({ ownedAlive: owned.length > 0, configured: spec.configured, target: spec.target, reachable });
  if (action === 'error') {
    throw new Error(`${name} is configured at ${spec.target.host}:${spec.target.port} but does not answer there.`);
  }
  const startedAt = Date.now();
  let started: number[] = [];
  if (action === 'start') {
    started = (await spec.start()).filter((pid): pid is number => pid !== undefined);
    log(`${name} starting (pid ${started.join(', ')})`);
  }
  const watched = started.length ? started : owned;
  const ok = await waitFor(spec.healthy, {
    timeoutMs,
    isStillRunning: () => !watched.length || watched.every((pid) => isAlive(pid)),
  });
  if (!ok) {
    await Promise.all(started.map((pid) => stopPid(pid, { graceMs: 5000 })));
    const why = watched.some((pid) => !isAlive(pid))
      ? 'exited during start-up'
      : `did not become healthy within ${timeoutMs / 1000}s`;
    throw failure(name, spec, why);
  }
  const verb = { start: 'started', running: 'already running (ours)', reuse: 'reused (already answering)' }[action];
  log(`${spec.where}: ${verb}${action === 'start' ? ` in ${elapsed(startedAt)}` : ''}`);
  return action === 'start' ? 'started' : action;
}

/**
 * Brings the components up (all the environment asks for by default: Prometheus unless
 * ITUNA_METRICS=off); says of each whether it was started, running or reused.
 */
export async function stackUp(components: readonly StackComponent[] = wantedComponents()): Promise<StackOutcome> {
  if (process.env.ITUNA_STACK === 'docker') {
    docker(['up', '-d', '--wait', ...components]);
    return Object.fromEntries(components.map((c) => [c, 'docker']));
  }
  if (components.includes('kafka')) refuseOtherKafkaShape();
  const specs = describeStack();
  const needStart: StackComponent[] = [];
  for (const c of components) {
    const spec = specs[c];
    if (!ownedPids(spec).length && !(await spec.reachable())) needStart.push(c);
  }
  requireTools(needStart);
  // The Kafka pipeline's Jaeger needs Kafka to start (its topic, its collector's producer).
  const kafkaFirst =
    components.includes('kafka') && components.includes('jaeger') && jaegerPipelineFromEnv() === 'kafka';
  const outcome: StackOutcome = {};
  if (kafkaFirst)
    for (const c of STACK_COMPONENTS.filter((c) => components.includes(c))) outcome[c] = await bringUp(c, specs[c]);
  else await Promise.all(components.map(async (c) => (outcome[c] = await bringUp(c, specs[c]))));
  // A Jaeger found running may predate the metrics parts (or have been started with ITUNA_METRICS=off).
  const found = outcome.jaeger === 'running' || outcome.jaeger === 'reuse';
  if (found && wantedComponents().includes('prometheus')) await warnWithoutMetricsApi(specs.jaeger);
  // The services and tests this process starts reach every node, so losing one leaves them a way
  // in; and a later stackUp in this process (a fault test restarting Kafka) brings the cluster back.
  const nodeCount = stackKafkaNodeCount();
  if (components.includes('kafka') && nodeCount > 1) {
    process.env.ITUNA_KAFKA_NODES = String(nodeCount);
    process.env.KAFKA_BROKERS ||= endpointsFromEnv(process.env, nodeCount)
      .brokers.map((b) => `${b.host}:${b.port}`)
      .join(',');
  }
  return outcome;
}

/** Says how to mend a Jaeger whose metrics API is off (it answers 501): the report and the page read rates there. */
async function warnWithoutMetricsApi(jaeger: ComponentSpec): Promise<void> {
  const { queryUrl } = endpointsFromEnv();
  const status = await fetch(`${queryUrl}/api/metrics/minstep`, { signal: AbortSignal.timeout(2000) }).then(
    (res) => res.status,
    () => undefined,
  );
  if (status === 501)
    log(
      `${jaeger.where}: its metrics API is off (started with ITUNA_METRICS=off or before the metrics parts existed); ` +
        'for rates in npm run report and the insights page: npm run stack:down -- jaeger, then npm run stack:up',
    );
}

/** One node and the cluster share node 1's ports: the one asked for cannot start beside the other. */
function refuseOtherKafkaShape(): void {
  const wanted = stackKafkaNodeCount();
  const single = ownedPid(kafkaFiles.pid);
  const cluster = kafkaNodes(3).some((n) => ownedPid(clusterFiles(n.nodeId).pid));
  if (wanted > 1 && single)
    throw new Error(`Kafka runs here as one node (pid ${single}); stop it first: npm run stack:down -- kafka`);
  if (wanted === 1 && cluster)
    throw new Error('Kafka runs here as a three-node cluster; stop it first: npm run stack:down -- kafka');
}

/** The components `up` started (not those it found running or reused): what to bring down afterwards. */
export function componentsStarted(outcome: StackOutcome): StackComponent[] {
  return STACK_COMPONENTS.filter((c) => outcome[c] === 'started');
}

/** Stops the components this checkout started (all by default); leaves others alone. */
export async function stackDown(components: readonly StackComponent[] = STACK_COMPONENTS): Promise<void> {
  if (process.env.ITUNA_STACK === 'docker') {
    docker(['stop', ...components]);
    return;
  }
  const specs = describeStack();
  // Kafka as one node or as a cluster: whichever this checkout runs, whatever ITUNA_KAFKA_NODES says now.
  specs.kafka.pidFiles = [kafkaFiles.pid, ...kafkaNodes(3).map((n) => clusterFiles(n.nodeId).pid)];
  // Jaeger as one process or as collector and ingester, whatever JAEGER_PIPELINE says now.
  specs.jaeger.pidFiles = JAEGER_ROLES.map((r) => jaegerFilesOf(r).pid);
  await Promise.all(
    components.map(async (c) => {
      const pids = ownedPids(specs[c]);
      if (!pids.length) return log(`${c}: not running (not started by this checkout)`);
      const how = await Promise.all(pids.map((pid) => stopPid(pid)));
      specs[c].pidFiles.forEach((f) => rmSync(f, { force: true }));
      log(`${c}: ${[...new Set(how)].join(', ')} (pid ${pids.join(', ')})`);
    }),
  );
}

/** Each wanted component's health, owner and address (Prometheus only unless ITUNA_METRICS=off). */
export async function stackStatus(): Promise<StatusRow[]> {
  const specs = describeStack();
  const rows: StatusRow[] = [];
  for (const c of wantedComponents()) {
    const spec = specs[c];
    const pids = ownedPids(spec);
    const healthy = await spec.healthy();
    rows.push({
      component: c,
      owner: pids.length ? `ours (pid ${pids.join(', ')})` : healthy ? 'external' : '-',
      healthy,
      where: spec.where,
    });
  }
  return rows;
}
