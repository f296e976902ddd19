// The part of `npm start` after its dependencies (tools/scripts/start.js): Kafka and Jaeger (native
// or Docker), a build of the five services and the insights page (cached by Nx), then each app run
// from dist with plain Node: no watchers, no inspector, no executor process per app (`npx nx serve
// <app>` and `npx nx run-many -t serve` are the developer's watch mode). Ctrl+C stops the apps and
// whatever part of the stack this command started; a stack that was already running stays up.
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import {
  CHANNEL_SERVICES,
  INSIGHTS_PORT,
  SERVICE_NAMES,
  jaegerUiAnswers,
  instanceId,
  instancePort,
  type ServiceName,
} from '@ituna/contracts';
import { buildApps } from './build-apps';
import { repoRoot as root } from './paths';
import { endpointsFromEnv, instanceEnv, parseInstanceCounts, wantedComponents, type StackComponent } from './config';
import { httpOk, waitFor } from './probes';
import { stackDown, stackUp } from './stack';

const APPS = [...SERVICE_NAMES, 'insights'];
const ORDERING_SERVICES: readonly ServiceName[] = Object.values(CHANNEL_SERVICES);

type App = ChildProcessByStdio<null, Readable, Readable>;

/** The part of an app's project.json that says how its serve target runs it. */
interface ProjectJson {
  targets: { serve: { options: { runtimeArgs?: string[] } } };
}

/** The build of the apps, while a first Jaeger build (at low priority) goes on beside it. */
async function build(): Promise<void> {
  const started = Date.now();
  console.log('[start] building the services and the insights page (Nx caches it)...');
  await buildApps(APPS);
  console.log(`[start] built in ${((Date.now() - started) / 1000).toFixed(1)}s`);
}

/** One process `npm start` runs: an instance of a service, or the insights page. */
interface AppInstance {
  app: string;
  /** What its lines are prefixed with: the instance id when the service runs more than once. */
  label: string;
  port: number;
  env: NodeJS.ProcessEnv;
}

/** Every process to run: each service as many times as ITUNA_INSTANCES (--instances) says, then the insights page. */
function appInstances(env: NodeJS.ProcessEnv): AppInstance[] {
  const counts = parseInstanceCounts(env.ITUNA_INSTANCES ?? '', '--instances (ITUNA_INSTANCES)');
  const services = SERVICE_NAMES.flatMap((name) =>
    Array.from({ length: counts[name] ?? 1 }, (_, i) => ({
      app: name,
      label: (counts[name] ?? 1) > 1 ? instanceId(name, i + 1) : name,
      port: instancePort(name, i + 1),
      env: { ...env, ...instanceEnv(name, i + 1, env) },
    })),
  );
  return [...services, { app: 'insights', label: 'insights', port: INSIGHTS_PORT, env }];
}

/** Runs one built app as its serve target would (the same Node flags), its lines prefixed with its label. */
function run({ app: name, label: prefix, env }: AppInstance): App {
  const project = JSON.parse(readFileSync(join(root, 'apps', name, 'project.json'), 'utf8')) as ProjectJson;
  const serve = project.targets.serve.options;
  const main = join(root, 'dist', 'apps', name, 'main.cjs');
  const child = spawn(process.execPath, [...(serve.runtimeArgs ?? []), main], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const label = `${prefix.padEnd(23)} |`;
  for (const [from, to] of [
    [child.stdout, process.stdout],
    [child.stderr, process.stderr],
  ] as const) {
    createInterface({ input: from, crlfDelay: Infinity }).on('line', (line) => to.write(`${label} ${line}\n`));
  }
  return child;
}

/**
 * Brings up the stack, builds and runs the apps, prints where everything is, and stops it all on
 * Ctrl+C (SIGINT) or SIGTERM, exiting the process. Rejects when the stack or the build fails.
 */
export async function startApps(): Promise<void> {
  // Read first: a mistaken --instances stops the command before anything starts. The environment is
  // read again below for what the stack adds to it (KAFKA_BROKERS of a cluster).
  appInstances(process.env);
  // Kafka first: the services need it. Jaeger comes up beside them, since its first build takes
  // minutes; the services run meanwhile, and their spans reach Jaeger once it is up.
  const started: StackComponent[] = [];
  const kafka = await stackUp(['kafka']);
  if (kafka.kafka === 'started') started.push('kafka');
  let jaegerState: 'starting' | 'announced' | 'up' | 'failed' = 'starting';
  const jaeger = stackUp(['jaeger']).then(
    (outcome) => {
      if (outcome.jaeger === 'started') started.push('jaeger');
      if (jaegerState === 'announced') {
        console.log(
          `[start] Jaeger is up: traces from now on are on the insights page, http://127.0.0.1:${INSIGHTS_PORT}`,
        );
      }
      jaegerState = 'up';
    },
    (err: Error) => {
      jaegerState = 'failed';
      console.error(`[start] Jaeger did not come up, so the services run without traces: ${err.message}`);
    },
  );
  // Prometheus (unless ITUNA_METRICS=off) beside them: it only keeps metrics, nothing waits for it.
  const metrics = wantedComponents().includes('prometheus')
    ? stackUp(['prometheus']).then(
        (outcome) => {
          if (outcome.prometheus === 'started') started.push('prometheus');
        },
        (err: Error) => console.error(`[start] Prometheus did not come up, so no metrics are kept: ${err.message}`),
      )
    : Promise.resolve();
  await build();
  const instances = appInstances({ ...(process.stdout.isTTY ? { LOG_FORMAT: 'pretty' } : {}), ...process.env });
  const apps = new Map(instances.map((instance) => [instance.label, run(instance)]));

  let stopping = false;
  const stop = async (code = 0) => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping the services...');
    const running = [...apps.values()].filter((child) => child.exitCode === null && child.signalCode === null);
    await Promise.all(
      running.map(
        (child) =>
          new Promise((resolve) => {
            child.once('exit', resolve);
            child.kill('SIGTERM');
          }),
      ),
    );
    // A Jaeger build still running is ended by the same Ctrl+C (one process group).
    if (jaegerState !== 'starting' && jaegerState !== 'announced') await jaeger;
    await metrics;
    if (started.length) await stackDown(started);
    process.exit(code);
  };
  process.on('SIGINT', () => stop(0));
  process.on('SIGTERM', () => stop(0));
  for (const [name, child] of apps) {
    child.once('exit', (code, signal) => {
      if (stopping) return;
      console.error(`[start] ${name} stopped (${signal ?? `exit ${code}`})`);
      void stop(1);
    });
  }

  const urls = instances.map(({ app, port }) => `http://127.0.0.1:${port}${app === 'insights' ? '/' : '/health'}`);
  const healthy = await Promise.all(
    urls.map((url) => waitFor(() => httpOk(url), { timeoutMs: 180000, intervalMs: 500 })),
  );
  const e = endpointsFromEnv();
  const services = instances
    .filter(({ app }) => app !== 'insights')
    .map(({ app, label, port }) => {
      const routes = ORDERING_SERVICES.includes(app as ServiceName) ? '(POST /orders, GET /health)' : '(GET /health)';
      return `  ${label.padEnd(24)} http://127.0.0.1:${port}  ${routes}`;
    });
  // The native Jaeger (its Go module) has no UI: the insights page is then where traces are seen.
  const jaegerUi = await jaegerUiAnswers(e.queryUrl);
  const jaegerLine = jaegerUi
    ? `  Jaeger UI                ${e.queryUrl}`
    : `  Jaeger query API         ${e.queryUrl}/api/traces?service=${CHANNEL_SERVICES.website}   (Jaeger's own UI comes with ITUNA_STACK=docker)`;
  console.log(`
ITuna is up${healthy.every(Boolean) ? '' : ' (some services are not healthy yet: see their logs above)'}:
  Traces: the insights page http://127.0.0.1:${INSIGHTS_PORT}   one order's waterfall, search, the slowest stage (also: npm run trace -- <orderId>, npm run report)
${jaegerLine}${jaegerNote()}
  Jaeger OTLP gRPC         ${e.otlp.host}:${e.otlp.port}
  Kafka                    ${e.brokers.map((b) => `${b.host}:${b.port}`).join(',')}
${wantedComponents().includes('prometheus') ? `  Prometheus (metrics)     ${e.prometheusUrl}   Jaeger's metrics API: ${e.queryUrl}/api/metrics/calls?service=${CHANNEL_SERVICES.website}\n` : ''}${services.join('\n')}

${process.env.ITUNA_SIMULATOR_INTERVAL_MS === '0' ? '' : 'Each ordering service also places a random order every 5 s. '}Press Ctrl+C to stop.`);

  function jaegerNote(): string {
    if (jaegerState === 'up' || jaegerState === 'failed') return '';
    jaegerState = 'announced';
    return (
      '\n                           (not up yet: building on a first run; traces begin when it is up, and the' +
      "\n                           spans of orders placed before then are dropped after the exporter's retries)"
    );
  }
}
