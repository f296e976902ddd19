// Brings Kafka and Jaeger up natively (or with Docker when ITUNA_STACK=docker), reusing whatever
// already answers, and stops only what it started.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as paths from './paths';
import { STACK_COMPONENTS, decide, defaults, endpointsFromEnv, type HostPort, type StackComponent } from './config';
import { isAlive, ownedPid, stopPid, tail } from './processes';
import { httpOk, isPortOpen, kafkaAnswersMetadata, waitFor } from './probes';
import { requireTools } from './prerequisites';
import { elapsed, log } from './progress';
import { kafkaFiles, startKafka } from './kafka';
import { jaegerFiles, startJaeger } from './jaeger';

const timeoutMs = Number(process.env.ITUNA_STACK_TIMEOUT_MS || 120000);

/** One component of the stack: where it is expected, how to check it, how to start our own. */
export interface ComponentSpec {
  /** The PID file of the one this checkout starts. */
  pidFile: string;
  /** Its logs, the first being the one to read when it fails. */
  logFiles: string[];
  /** The user points at an address of their own (KAFKA_BROKERS, OTEL_EXPORTER_OTLP_ENDPOINT). */
  configured: boolean;
  target: HostPort;
  healthy: () => Promise<boolean>;
  reachable: () => Promise<boolean>;
  /** Starts our own in the background; resolves with its PID. */
  start: () => Promise<number | undefined>;
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

/** The stack's components as the environment (KAFKA_BROKERS, OTEL_EXPORTER_OTLP_ENDPOINT, ...) places them. */
export function describeStack(env: NodeJS.ProcessEnv = process.env): Record<StackComponent, ComponentSpec> {
  const e = endpointsFromEnv(env);
  return {
    kafka: {
      pidFile: kafkaFiles.pid,
      logFiles: [join(kafkaFiles.logs, 'server.log'), kafkaFiles.log],
      configured: e.kafkaConfigured,
      target: e.brokers[0],
      healthy: () => kafkaAnswersMetadata(e.brokers),
      reachable: () => isPortOpen(e.brokers[0].host, e.brokers[0].port),
      start: () => startKafka({ host: defaults.kafka.host, port: e.brokers[0].port }),
      where: `Kafka ${e.brokers.map((b) => `${b.host}:${b.port}`).join(',')}`,
    },
    jaeger: {
      pidFile: jaegerFiles.pid,
      logFiles: [jaegerFiles.log],
      configured: e.otlpConfigured,
      target: e.otlp,
      healthy: () =>
        e.otlpConfigured
          ? isPortOpen(e.otlp.host, e.otlp.port)
          : httpOk(`http://${e.otlp.host}:${defaults.jaeger.healthPort}/status`),
      reachable: () => isPortOpen(e.otlp.host, e.otlp.port),
      start: () => startJaeger(),
      where: `Jaeger OTLP gRPC ${e.otlp.host}:${e.otlp.port}, query API and UI ${e.queryUrl}`,
    },
  };
}

function docker(args: string[]): void {
  const res = spawnSync('docker', ['compose', '-f', paths.composeFile, ...args], { stdio: 'inherit' });
  if (res.error || res.status !== 0)
    throw new Error(`docker compose ${args.join(' ')} failed; is a Docker engine running?`);
}

function failure(name: StackComponent, spec: ComponentSpec, why: string): Error {
  const logs = spec.logFiles.filter((f) => existsSync(f));
  const shown = logs.map((f) => `--- last lines of ${f} ---\n${tail(f, 25)}`).join('\n');
  return new Error(`${name} ${why}. Log file: ${logs.join(', ') || spec.logFiles[0]}\n${shown}`);
}

async function bringUp(name: StackComponent, spec: ComponentSpec): Promise<Exclude<UpOutcome, 'docker'>> {
  const pid = ownedPid(spec.pidFile);
  const reachable = !pid && (await spec.reachable());
  const action = decide({ ownedAlive: Boolean(pid), configured: spec.configured, target: spec.target, reachable });
  if (action === 'error') {
    throw new Error(`${name} is configured at ${spec.target.host}:${spec.target.port} but does not answer there.`);
  }
  const startedAt = Date.now();
  let startedPid: number | undefined;
  if (action === 'start') {
    startedPid = await spec.start();
    log(`${name} starting (pid ${startedPid})`);
  }
  const watched = startedPid || pid;
  const ok = await waitFor(spec.healthy, { timeoutMs, isStillRunning: () => !watched || isAlive(watched) });
  if (!ok) {
    if (startedPid) await stopPid(startedPid, { graceMs: 5000 });
    const why =
      watched && !isAlive(watched) ? 'exited during start-up' : `did not become healthy within ${timeoutMs / 1000}s`;
    throw failure(name, spec, why);
  }
  const verb = { start: 'started', running: 'already running (ours)', reuse: 'reused (already answering)' }[action];
  log(`${spec.where}: ${verb}${action === 'start' ? ` in ${elapsed(startedAt)}` : ''}`);
  return action === 'start' ? 'started' : action;
}

/** Brings the components up (all by default); says of each whether it was started, running or reused. */
export async function stackUp(components: readonly StackComponent[] = STACK_COMPONENTS): Promise<StackOutcome> {
  if (process.env.ITUNA_STACK === 'docker') {
    docker(['up', '-d', '--wait', ...components]);
    return Object.fromEntries(components.map((c) => [c, 'docker']));
  }
  const specs = describeStack();
  const needStart: StackComponent[] = [];
  for (const c of components) {
    const spec = specs[c];
    if (!ownedPid(spec.pidFile) && !(await spec.reachable())) needStart.push(c);
  }
  requireTools(needStart);
  const results = await Promise.all(components.map((c) => bringUp(c, specs[c])));
  return Object.fromEntries(components.map((c, i) => [c, results[i]]));
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
  await Promise.all(
    components.map(async (c) => {
      const pid = ownedPid(specs[c].pidFile);
      if (!pid) return log(`${c}: not running (not started by this checkout)`);
      const how = await stopPid(pid);
      rmSync(specs[c].pidFile, { force: true });
      log(`${c}: ${how} (pid ${pid})`);
    }),
  );
}

/** Each component's health, owner and address. */
export async function stackStatus(): Promise<StatusRow[]> {
  const specs = describeStack();
  const rows: StatusRow[] = [];
  for (const c of STACK_COMPONENTS) {
    const spec = specs[c];
    const pid = ownedPid(spec.pidFile);
    const healthy = await spec.healthy();
    rows.push({
      component: c,
      owner: pid ? `ours (pid ${pid})` : healthy ? 'external' : '-',
      healthy,
      where: spec.where,
    });
  }
  return rows;
}
