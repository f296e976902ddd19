import { ChildProcess, fork, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { INSTANCE_PORT_STEP, SERVICE_NAMES, SERVICE_PORTS, instanceId } from '@ituna/contracts';
import type { ServiceName } from '@ituna/contracts';
import { SPAN_COUNTS_PREFIX } from '@ituna/tracing';
import type { SpanCounts } from '@ituna/tracing';
import { BENCH_DIST, BENCH_NODE_FLAGS, Configuration } from './configurations';

/**
 * The services, each on its default port plus this (8001-8005; instance k a further 100·(k−1) on):
 * a running ITuna keeps its own ports, its extra instances' (3101, 3201, ...) included.
 */
const PORT_OFFSET = 5000;
export const benchPort = (service: ServiceName, instance = 1): number =>
  SERVICE_PORTS[service] + PORT_OFFSET + INSTANCE_PORT_STEP * (instance - 1);

/** How many instances of each service a fleet runs (1 for those not named). */
export type InstanceCounts = Partial<Record<ServiceName, number>>;

export interface FleetProcess {
  name: string;
  child: ChildProcess;
  startupMs: number;
  /** What the service's tracing did with its spans, told at exit and on SIGWINCH (ITUNA_TRACING_SPAN_COUNTS). */
  spanCounts?: SpanCounts;
  /** Waits for the next counts line (spanCountsNow). */
  nextCounts?: (counts: SpanCounts) => void;
  /** Resolves once the process has exited and its output is read. */
  closed: Promise<void>;
}

/**
 * Starts what a configuration runs against the bench's broker, and resolves once it serves: each
 * service `instances[service]` times (one consumer group per service, as `npm start --instances`).
 */
export async function startFleet(
  root: string,
  cfg: Configuration,
  brokers: string,
  instances: InstanceCounts = {},
): Promise<FleetProcess[]> {
  if (cfg.kind === 'relay') return [await startRelay(brokers)];
  const all = SERVICE_NAMES.flatMap((service) =>
    Array.from({ length: instances[service] ?? 1 }, (_, i) => ({ service, instance: i + 1 })),
  );
  return Promise.all(all.map(({ service, instance }) => startService(root, cfg, brokers, service, instance)));
}

/** Starts one service of a configuration, and resolves once it answers /health (its start-up time measured). */
export async function startService(
  root: string,
  cfg: Configuration,
  brokers: string,
  service: ServiceName,
  instance = 1,
): Promise<FleetProcess> {
  const name = instance === 1 ? service : instanceId(service, instance);
  const port = benchPort(service, instance);
  const startedAt = Date.now();
  // ITUNA_BENCH_PROFILE=<dir>: a CPU profile per service (node --cpu-prof), to find where time goes.
  const profile = process.env.ITUNA_BENCH_PROFILE
    ? ['--cpu-prof', '--cpu-prof-dir', process.env.ITUNA_BENCH_PROFILE]
    : [];
  const child = spawn(
    process.execPath,
    [...serviceNodeFlags(root, service, cfg), ...profile, serviceMain(root, service, cfg)],
    {
      cwd: root,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: {
        ...process.env,
        KAFKA_BROKERS: brokers,
        PORT: String(port),
        OTEL_RESOURCE_ATTRIBUTES: `service.instance.id=${instanceId(service, instance)}`,
        ITUNA_ZERO_DELAYS: 'true',
        ITUNA_SIMULATOR_INTERVAL_MS: '0',
        LOG_LEVEL: 'warn',
        LOG_FORMAT: 'json',
        ITUNA_TRACING_SPAN_COUNTS: 'true',
        ...cfg.env,
      },
    },
  );
  const p: FleetProcess = {
    name,
    child,
    startupMs: 0,
    closed: new Promise((resolve) => child.once('close', () => resolve())),
  };
  // The span counts line is the bench's; anything else the service says goes on to the user.
  createInterface({ input: child.stderr as NodeJS.ReadableStream }).on('line', (line) => {
    if (line.startsWith(SPAN_COUNTS_PREFIX)) {
      p.spanCounts = JSON.parse(line.slice(SPAN_COUNTS_PREFIX.length)) as SpanCounts;
      p.nextCounts?.(p.spanCounts);
      p.nextCounts = undefined;
    } else process.stderr.write(`${name}: ${line}\n`);
  });
  await waitHealthy(port, child);
  p.startupMs = Date.now() - startedAt;
  return p;
}

async function startRelay(brokers: string): Promise<FleetProcess> {
  const startedAt = Date.now();
  // The relay is TypeScript like the rest of the bench: run it the way this process runs.
  const child = fork(join(__dirname, 'raw-relay.ts'), [], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    env: { ...process.env, KAFKA_BROKERS: brokers },
  });
  await new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', (code) => reject(new Error(`the relay exited with ${code}`)));
  });
  return {
    name: 'raw-relay',
    child,
    startupMs: Date.now() - startedAt,
    closed: new Promise((resolve) => child.once('close', () => resolve())),
  };
}

/**
 * What the services' tracing did with their spans so far, summed: each is asked with SIGWINCH and
 * answers with a counts line (libs/tracing, ITUNA_TRACING_SPAN_COUNTS=true).
 */
export async function spanCountsNow(processes: readonly FleetProcess[]): Promise<SpanCounts> {
  const counts = await Promise.all(
    processes.map(
      (p) =>
        new Promise<SpanCounts>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`${p.name} did not tell its span counts`)), 10_000);
          p.nextCounts = (c) => (clearTimeout(timer), resolve(c));
          p.child.kill('SIGWINCH');
        }),
    ),
  );
  const total = (key: keyof SpanCounts) => counts.reduce((sum, c) => sum + c[key], 0);
  return {
    ended: total('ended'),
    exported: total('exported'),
    failedExport: total('failedExport'),
    dropped: total('dropped'),
    notExported: total('notExported'),
  };
}

export async function stopFleet(processes: readonly FleetProcess[]): Promise<void> {
  await Promise.all(
    processes.map(({ child, closed }) => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 20_000).unref();
      }
      return closed;
    }),
  );
}

/** A service's built entry point: under `dist`, or the candidate's other build (`--try BENCH_DIST=<folder>`). */
export function serviceMain(root: string, service: string, cfg: Configuration): string {
  return resolve(root, cfg.env[BENCH_DIST] ?? 'dist', 'apps', service, 'main.cjs');
}

/**
 * The Node flags a service runs with: its serve target's runtimeArgs (heap limits), then a
 * candidate's (`--try BENCH_NODE_FLAGS="--max-semi-space-size=8"`): V8 takes the last of a flag
 * given twice, and NODE_OPTIONS cannot override one given on the command line.
 */
export function serviceNodeFlags(root: string, service: string, cfg: Configuration): string[] {
  const serve: string[] =
    JSON.parse(readFileSync(join(root, 'apps', service, 'project.json'), 'utf8')).targets.serve.options.runtimeArgs ??
    [];
  return [...serve, ...(cfg.env[BENCH_NODE_FLAGS]?.split(' ').filter(Boolean) ?? [])];
}

async function waitHealthy(port: number, child: ChildProcess): Promise<void> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the service on port ${port} exited during start-up`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(1000) })).ok) return;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
