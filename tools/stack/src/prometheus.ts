// Prometheus from Debian's package (ITUNA_METRICS=prometheus, the default): installed with apt-get
// when missing and this user may, run with the committed tools/stack/prometheus/prometheus.yml,
// its data under .stack/prometheus. It keeps the spanmetrics Jaeger derives and the consumer lag.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import * as paths from './paths';
import type { HostPort } from './config';
import { log } from './progress';
import { spawnDetached } from './processes';

export const prometheusFiles = {
  log: join(paths.prometheusDir, 'prometheus.log'),
  pid: join(paths.prometheusDir, 'prometheus.pid'),
  data: join(paths.prometheusDir, 'data'),
};

/** How long Prometheus keeps its samples, as long as Badger keeps traces by default. */
export const PROMETHEUS_RETENTION = '48h';

const HINT = "Debian's prometheus package (apt install prometheus), or ITUNA_METRICS=off to run without metrics";

/** The prometheus on PATH (PROMETHEUS_BINARY when set), or undefined. */
export function findPrometheus(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const wanted = env.PROMETHEUS_BINARY?.trim() || 'prometheus';
  const res = spawnSync(wanted, ['--version'], { encoding: 'utf8' });
  return res.error || res.status !== 0 ? undefined : wanted;
}

const canInstall = () =>
  typeof process.getuid === 'function' && process.getuid() === 0 && spawnSync('apt-get', ['--version']).status === 0;

/** Whether Prometheus is here or can be installed; what to do otherwise. */
export function prometheusMissing(): string | undefined {
  return findPrometheus() || canInstall() ? undefined : `prometheus: ${HINT}`;
}

/** The prometheus binary; installed from Debian's packages the first time when this user is root. */
export function ensurePrometheus(): string {
  const found = findPrometheus();
  if (found) return found;
  if (!canInstall()) throw new Error(`Prometheus is not on PATH; install ${HINT}`);
  log("installing Debian's prometheus package (first run only)");
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () =>
    spawnSync('apt-get', ['install', '-y', '-q', '--no-install-recommends', 'prometheus'], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env,
    }).status === 0;
  if (!install()) {
    spawnSync('apt-get', ['update', '-q'], { stdio: ['ignore', 'ignore', 'inherit'], env });
    if (!install()) throw new Error(`apt-get could not install prometheus; install ${HINT}`);
  }
  const installed = findPrometheus();
  if (!installed) throw new Error(`prometheus is still not on PATH after apt-get; install ${HINT}`);
  return installed;
}

/** The command line of the stack's Prometheus, listening at `at`. */
export function prometheusArgs(at: HostPort): string[] {
  return [
    `--config.file=${paths.prometheusConfig}`,
    `--storage.tsdb.path=${prometheusFiles.data}`,
    `--storage.tsdb.retention.time=${PROMETHEUS_RETENTION}`,
    `--web.listen-address=${at.host}:${at.port}`,
  ];
}

/** Starts the stack's Prometheus in the background; resolves with its PID. */
export async function startPrometheus(at: HostPort): Promise<number | undefined> {
  const binary = ensurePrometheus();
  mkdirSync(prometheusFiles.data, { recursive: true });
  if (!existsSync(paths.prometheusConfig)) throw new Error(`missing ${paths.prometheusConfig}`);
  return spawnDetached(binary, prometheusArgs(at), {
    cwd: paths.prometheusDir,
    env: process.env,
    logFile: prometheusFiles.log,
    pidFile: prometheusFiles.pid,
  });
}
