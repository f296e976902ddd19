import { ChildProcess, fork, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { SERVICE_NAMES, SERVICE_PORTS } from '@ituna/contracts';
import type { ServiceName } from '@ituna/contracts';
import { SPAN_COUNTS_PREFIX } from '@ituna/tracing';
import type { SpanCounts } from '@ituna/tracing';
import { BENCH_NODE_FLAGS, Configuration } from './configurations';

/** The services, each on its default port plus this: a running ITuna keeps its own ports. */
const PORT_OFFSET = 100;
export const benchPort = (service: ServiceName): number => SERVICE_PORTS[service] + PORT_OFFSET;

export interface FleetProcess {
  name: string;
  child: ChildProcess;
  startupMs: number;
  /** What the service's tracing did with its spans, told at exit (ITUNA_TRACING_SPAN_COUNTS). */
  spanCounts?: SpanCounts;
  /** Resolves once the process has exited and its output is read. */
  closed: Promise<void>;
}

/** Starts what a configuration runs against the bench's broker, and resolves once it serves. */
export async function startFleet(root: string, cfg: Configuration, brokers: string): Promise<FleetProcess[]> {
  if (cfg.kind === 'relay') return [await startRelay(brokers)];
  return Promise.all(
    SERVICE_NAMES.map(async (service) => {
      const startedAt = Date.now();
      // ITUNA_BENCH_PROFILE=<dir>: a CPU profile per service (node --cpu-prof), to find where time goes.
      const profile = process.env.ITUNA_BENCH_PROFILE
        ? ['--cpu-prof', '--cpu-prof-dir', process.env.ITUNA_BENCH_PROFILE]
        : [];
      const child = spawn(
        process.execPath,
        [...serviceNodeFlags(root, service, cfg), ...profile, join(root, 'dist', 'apps', service, 'main.cjs')],
        {
          cwd: root,
          stdio: ['ignore', 'ignore', 'pipe'],
          env: {
            ...process.env,
            KAFKA_BROKERS: brokers,
            PORT: String(benchPort(service)),
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
        name: service,
        child,
        startupMs: 0,
        closed: new Promise((resolve) => child.once('close', () => resolve())),
      };
      // The span counts line is the bench's; anything else the service says goes on to the user.
      createInterface({ input: child.stderr as NodeJS.ReadableStream }).on('line', (line) => {
        if (line.startsWith(SPAN_COUNTS_PREFIX)) p.spanCounts = JSON.parse(line.slice(SPAN_COUNTS_PREFIX.length));
        else process.stderr.write(`${service}: ${line}\n`);
      });
      await waitHealthy(benchPort(service), child);
      p.startupMs = Date.now() - startedAt;
      return p;
    }),
  );
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
