// Jaeger v2 built from its Go module (pinned by tools/stack/jaeger/go.mod and go.sum), cached per
// user, run with the committed config.yaml and the storage part JAEGER_STORAGE names. Such a build
// has no UI assets; the query API is complete.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import * as paths from './paths';
import { Kafka, logLevel } from 'kafkajs';
import { prometheusUrlFrom } from '@ituna/contracts';
import {
  JAEGER_MODULE_VERSION,
  JAEGER_SPANS_TOPIC,
  jaegerPipelineFromEnv,
  jaegerStorageFromEnv,
  type JaegerStorage,
  metricsFromEnv,
  replicationFor,
  traceSamplingFromEnv,
} from './config';
import { ensureGoBinary } from './go-binary';
import { isAlive, spawnDetached } from './processes';
import { httpOk, waitFor } from './probes';

/** A process of the stack's Jaeger: the single one, or the collector and the ingester (JAEGER_PIPELINE=kafka). */
export type JaegerRole = 'jaeger' | 'collector' | 'ingester';
export const JAEGER_ROLES: readonly JaegerRole[] = ['jaeger', 'collector', 'ingester'];

/** A Jaeger process's log and PID files. */
export const jaegerFilesOf = (role: JaegerRole) => ({
  log: join(paths.jaegerDir, `${role}.log`),
  pid: join(paths.jaegerDir, `${role}.pid`),
});

/** The single process's files. */
export const jaegerFiles = jaegerFilesOf('jaeger');

/** The Jaeger binary; built with go the first time (a few minutes), then taken from the cache. */
export function ensureJaegerBinary(): Promise<string> {
  return ensureGoBinary({
    name: 'jaeger',
    version: JAEGER_MODULE_VERSION,
    moduleDir: paths.jaegerModuleDir,
    pkg: 'github.com/jaegertracing/jaeger/cmd/jaeger',
    lowPriority: true,
  });
}

/** One Jaeger process to start: its role, command line and environment. */
export interface JaegerLaunch {
  role: JaegerRole;
  args: string[];
  env: NodeJS.ProcessEnv;
}

/**
 * The Jaeger processes JAEGER_PIPELINE asks for, each with its configuration parts: config.yaml
 * with the storage part merged over it (Badger under .stack/jaeger/badger unless JAEGER_BADGER_DIR
 * is set, or memory), or the collector (collector.yaml) and the ingester (ingester.yaml with the
 * storage part); the tail sampler goes where spans come in, when ITUNA_TRACE_SAMPLE_PERCENT is
 * below 100; with ITUNA_METRICS=prometheus, the spanmetrics part goes there too and the metrics
 * API's part where the query runs, as does the UI's part with JAEGER_UI_ASSETS. `kafkaBrokers` is where the collector writes and the ingester reads.
 */
export function jaegerLaunches(env: NodeJS.ProcessEnv = process.env, kafkaBrokers: string[] = []): JaegerLaunch[] {
  const storage = ['--config', paths.jaegerStorageConfig(jaegerStorageFromEnv(env))];
  const sampling = traceSamplingFromEnv(env);
  const sampler = sampling.percent < 100 ? ['--config', paths.jaegerSamplingConfig] : [];
  const metrics = metricsFromEnv(env) === 'prometheus';
  const spanmetrics = metrics ? ['--config', paths.jaegerSpanmetricsConfig] : [];
  const metricsQuery = [
    ...(metrics ? ['--config', paths.jaegerMetricsQueryConfig] : []),
    ...(env.JAEGER_UI_ASSETS?.trim() ? ['--config', paths.jaegerUiAssetsConfig] : []),
  ];
  const shared: NodeJS.ProcessEnv = {
    ...env,
    JAEGER_BADGER_DIR: env.JAEGER_BADGER_DIR?.trim() || paths.jaegerBadgerDir,
    // Read back by the sampler's config in the forms checked here.
    ITUNA_TRACE_SAMPLE_PERCENT: String(sampling.percent),
    ITUNA_TRACE_SLOW_MS: String(sampling.slowMs),
    ITUNA_TRACE_DECISION_WAIT: sampling.decisionWait,
    // A YAML list, as the Kafka exporter and receiver take their brokers.
    JAEGER_KAFKA_BROKERS: `[${kafkaBrokers.join(',')}]`,
    PROMETHEUS_URL: prometheusUrlFrom(env),
  };
  if (jaegerPipelineFromEnv(env) === 'single')
    return [
      {
        role: 'jaeger',
        args: ['--config', paths.jaegerConfig, ...storage, ...sampler, ...spanmetrics, ...metricsQuery],
        env: shared,
      },
    ];
  return [
    { role: 'collector', args: ['--config', paths.jaegerCollectorConfig, ...sampler, ...spanmetrics], env: shared },
    { role: 'ingester', args: ['--config', paths.jaegerIngesterConfig, ...storage, ...metricsQuery], env: shared },
  ];
}

/**
 * Starts the stack's Jaeger processes (those of `roles` only, when given) in the background;
 * returns their PIDs. The Kafka pipeline's topic is created first (the brokers refuse to create
 * topics on a write).
 */
export async function startJaeger(
  kafka: { brokers: string[]; nodeCount: number },
  roles?: readonly JaegerRole[],
): Promise<(number | undefined)[]> {
  // Checked before the build: a bad variable is said at once.
  const launches = jaegerLaunches(process.env, kafka.brokers).filter((l) => !roles || roles.includes(l.role));
  if (!launches.length)
    throw new Error(`JAEGER_PIPELINE=${jaegerPipelineFromEnv()} runs no Jaeger ${roles?.join(', ')}`);
  const binary = await ensureJaegerBinary();
  if (launches.some((l) => l.role === 'collector')) await ensureSpansTopic(kafka.brokers, kafka.nodeCount);
  return Promise.all(
    launches.map((launch) =>
      spawnDetached(binary, launch.args, {
        cwd: paths.jaegerDir,
        env: launch.env,
        logFile: jaegerFilesOf(launch.role).log,
        pidFile: jaegerFilesOf(launch.role).pid,
      }),
    ),
  );
}

/** The topic between the collector and the ingester: three partitions, replicated as ITuna's own, kept a day. */
async function ensureSpansTopic(brokers: string[], nodeCount: number): Promise<void> {
  const admin = new Kafka({ clientId: 'ituna-stack', brokers, logLevel: logLevel.NOTHING }).admin();
  try {
    await admin.connect();
    const { factor, minInSync } = replicationFor(nodeCount);
    await admin.createTopics({
      waitForLeaders: true,
      topics: [
        {
          topic: JAEGER_SPANS_TOPIC,
          numPartitions: 3,
          replicationFactor: factor,
          configEntries: [
            { name: 'min.insync.replicas', value: String(minInSync) },
            { name: 'retention.ms', value: String(24 * 3600_000) },
          ],
        },
      ],
    });
  } finally {
    await admin.disconnect();
  }
}

/** Where a Jaeger apart from the stack's listens (config.yaml's JAEGER_*_PORT variables). */
export interface JaegerPorts {
  otlpGrpc: number;
  otlpHttp: number;
  query: number;
  queryGrpc: number;
  health: number;
}

/**
 * Starts a single-process Jaeger of one's own (the bench's), beside the stack's: the committed
 * config.yaml on `ports`, the storage named, its files (Badger's data, log, PID) under `dir`.
 * Resolves with its PID once its health check answers.
 */
export async function startOwnJaeger(options: {
  storage: JaegerStorage;
  dir: string;
  ports: JaegerPorts;
  /** A folder with the UI's assets (JAEGER_UI_ASSETS), for a Jaeger that serves its UI. */
  uiAssets?: string;
}): Promise<number> {
  const { storage, dir, ports, uiAssets } = options;
  const binary = await ensureJaegerBinary();
  mkdirSync(dir, { recursive: true });
  const log = join(dir, 'jaeger.log');
  const args = ['--config', paths.jaegerConfig, '--config', paths.jaegerStorageConfig(storage)];
  if (uiAssets) args.push('--config', paths.jaegerUiAssetsConfig);
  const pid = spawnDetached(binary, args, {
    cwd: dir,
    env: {
      ...process.env,
      JAEGER_UI_ASSETS: uiAssets,
      JAEGER_BADGER_DIR: join(dir, 'badger'),
      JAEGER_OTLP_GRPC_PORT: String(ports.otlpGrpc),
      JAEGER_OTLP_HTTP_PORT: String(ports.otlpHttp),
      JAEGER_QUERY_PORT: String(ports.query),
      JAEGER_QUERY_GRPC_PORT: String(ports.queryGrpc),
      JAEGER_HEALTH_PORT: String(ports.health),
    },
    logFile: log,
    pidFile: join(dir, 'jaeger.pid'),
  });
  if (pid === undefined) throw new Error(`Jaeger could not be started; see ${log}`);
  const up = await waitFor(() => httpOk(`http://127.0.0.1:${ports.health}/status`), {
    timeoutMs: 60_000,
    isStillRunning: () => isAlive(pid),
  });
  if (!up) throw new Error(`Jaeger (${storage}) did not come up on port ${ports.health}; see ${log}`);
  return pid;
}
