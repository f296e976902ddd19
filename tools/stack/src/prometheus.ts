// Prometheus from Debian's package (ITUNA_METRICS=prometheus, the default): installed with apt-get
// when missing and this user may, run with the committed tools/stack/prometheus/prometheus.yml,
// its data under .stack/prometheus. It keeps the spanmetrics Jaeger derives and the consumer lag.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import * as paths from './paths';
import type { HostPort } from './config';
import { runWithProgress } from './progress';
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

/**
 * The prometheus binary; installed from Debian's packages the first time when this user is root
 * (without blocking: npm start builds and runs the apps meanwhile).
 */
export async function ensurePrometheus(): Promise<string> {
  const found = findPrometheus();
  if (found) return found;
  if (!canInstall()) throw new Error(`Prometheus is not on PATH; install ${HINT}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () =>
    runWithProgress(
      "Installing Debian's prometheus package (first run only)",
      'apt-get',
      ['install', '-y', '-q', '--no-install-recommends', 'prometheus'],
      { env },
    );
  await install().catch(async () => {
    await runWithProgress("Updating Debian's package lists", 'apt-get', ['update', '-q'], { env });
    await install();
  });
  // On a host with systemd the package starts its own server on 9090, scraping only itself: the
  // stack runs its own, with its own configuration, so that one is stopped and kept from starting.
  spawnSync('systemctl', ['disable', '--now', 'prometheus'], { stdio: 'ignore' });
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
  const binary = await ensurePrometheus();
  mkdirSync(prometheusFiles.data, { recursive: true });
  if (!existsSync(paths.prometheusConfig)) throw new Error(`missing ${paths.prometheusConfig}`);
  return spawnDetached(binary, prometheusArgs(at), {
    cwd: paths.prometheusDir,
    env: process.env,
    logFile: prometheusFiles.log,
    pidFile: prometheusFiles.pid,
  });
}
