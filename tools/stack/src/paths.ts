// Where the native stack keeps things: state (data, logs, PID files) in the checkout's
// gitignored .stack folder, downloads and builds in a per-user cache shared by checkouts.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** tools/stack, which holds the launcher's non-TypeScript assets (kafka/, jaeger/, compose-check/). */
const stackAssets = resolve(__dirname, '..');

export const repoRoot = resolve(stackAssets, '..', '..');
export const stackDir = process.env.ITUNA_STACK_DIR || join(repoRoot, '.stack');
// tools/scripts/bootstrap.js computes the same folder itself (it runs before TypeScript can).
export const cacheDir = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'ituna');
export const kafkaPom = join(stackAssets, 'kafka', 'pom.xml');
export const kafkaLog4j = join(stackAssets, 'kafka', 'log4j2.properties');
export const jaegerModuleDir = join(stackAssets, 'jaeger');
export const toxiproxyModuleDir = join(stackAssets, 'toxiproxy');
export const jaegerConfig = join(stackAssets, 'jaeger', 'config.yaml');
/** The storage part of Jaeger's configuration, merged over config.yaml (JAEGER_STORAGE). */
export const jaegerStorageConfig = (storage: string) => join(stackAssets, 'jaeger', `storage-${storage}.yaml`);
export const jaegerSamplingConfig = join(stackAssets, 'jaeger', 'sampling-tail.yaml');
/** JAEGER_UI_ASSETS: the part that serves Jaeger's UI from a folder, where the query API runs. */
export const jaegerUiAssetsConfig = join(stackAssets, 'jaeger', 'ui-assets.yaml');
/** JAEGER_PIPELINE=kafka: the collector's and the ingester's configurations, in place of config.yaml. */
export const jaegerCollectorConfig = join(stackAssets, 'jaeger', 'collector.yaml');
export const jaegerIngesterConfig = join(stackAssets, 'jaeger', 'ingester.yaml');
/** ITUNA_METRICS=prometheus: the spanmetrics part (where spans come in) and the metrics API's part (where the query runs). */
export const jaegerSpanmetricsConfig = join(stackAssets, 'jaeger', 'metrics-spanmetrics.yaml');
export const jaegerMetricsQueryConfig = join(stackAssets, 'jaeger', 'metrics-query.yaml');
export const prometheusConfig = join(stackAssets, 'prometheus', 'prometheus.yml');
export const composeFile = join(repoRoot, 'docker-compose.yml');
export const kafkaDir = join(stackDir, 'kafka');
/** The three-node cluster (ITUNA_KAFKA_NODES=3), one folder per node. */
export const kafkaClusterDir = join(stackDir, 'kafka-cluster');
export const jaegerDir = join(stackDir, 'jaeger');
/** Badger's keys and values (JAEGER_STORAGE=badger, the default), unless JAEGER_BADGER_DIR says otherwise. */
export const jaegerBadgerDir = join(jaegerDir, 'badger');
export const prometheusDir = join(stackDir, 'prometheus');
