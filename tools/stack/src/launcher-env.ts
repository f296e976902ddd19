// The variables the launcher reads (npm start, npm run stack:*, npm test's global setup), for the
// configuration page: a unit test fails when the page or the sources drift from this list.

/** One variable the launcher reads: its default as the page shows it, and what it does. */
export interface LauncherVariable {
  name: string;
  default: string;
  description: string;
}

export const LAUNCHER_VARIABLES: readonly LauncherVariable[] = [
  {
    name: 'ITUNA_STACK',
    default: 'native',
    description: '`docker` runs Kafka, Jaeger and Prometheus with docker compose instead of natively',
  },
  {
    name: 'ITUNA_KAFKA_NODES',
    default: '`1`',
    description: '`3` runs a three-node Kafka cluster (see [operating](operating.md#kafka))',
  },
  {
    name: 'JAEGER_STORAGE',
    default: '`badger`',
    description:
      '`badger` (on disk under `.stack/jaeger/badger`, kept `JAEGER_RETENTION`) or `memory` (at most `JAEGER_MAX_TRACES`, gone at a restart)',
  },
  {
    name: 'JAEGER_BADGER_DIR',
    default: '`.stack/jaeger/badger`',
    description: "where Badger keeps the stack's traces",
  },
  { name: 'JAEGER_RETENTION', default: '`48h`', description: 'how long Badger keeps a trace' },
  {
    name: 'JAEGER_MAX_TRACES',
    default: '`50000`',
    description: "the memory store's bound: the oldest traces go first",
  },
  {
    name: 'JAEGER_UI_ASSETS',
    default: '',
    description:
      "a folder with Jaeger's UI (the jaeger-ui build a Jaeger release carries): the native Jaeger then serves its UI on 16686, which the Go-module build lacks",
  },
  {
    name: 'JAEGER_PIPELINE',
    default: '`single`',
    description:
      '`single` (one Jaeger process) or `kafka` (a collector writing spans to the topic `jaeger-spans`, an ingester storing them; see [operating](operating.md#jaeger))',
  },
  {
    name: 'ITUNA_TRACE_SAMPLE_PERCENT',
    default: '`100`',
    description:
      "below 100, Jaeger's tail sampling keeps every trace with an error or a slow one, and this share of the rest",
  },
  { name: 'ITUNA_TRACE_SLOW_MS', default: '`2000`', description: 'tail sampling: a trace this long or longer is kept' },
  {
    name: 'ITUNA_TRACE_DECISION_WAIT',
    default: '`10s`',
    description: "tail sampling: how long after a trace's first span it is decided",
  },
  {
    name: 'ITUNA_METRICS',
    default: '`prometheus`',
    description: "`prometheus` runs Prometheus and Jaeger's span metrics and metrics API; `off` runs none of them",
  },
  {
    name: 'PROMETHEUS_BINARY',
    default: '`prometheus` on `PATH`',
    description: 'the Prometheus binary the launcher runs',
  },
  {
    name: 'ITUNA_INSTANCES',
    default: 'each service once',
    description:
      '`npm start` (also `--instances`): e.g. `order-validation=2,kitchen-service=2`; instance k listens on its port + 100·(k−1)',
  },
  { name: 'ITUNA_STACK_DIR', default: '`.stack`', description: "where the stack's data, logs and PID files go" },
  {
    name: 'ITUNA_STACK_TIMEOUT_MS',
    default: '`120000`',
    description: 'how long `stack:up` waits for Kafka and Jaeger to answer',
  },
  { name: 'KAFKA_HEAP_MIN', default: '`256m`', description: "the native broker's initial Java heap" },
  { name: 'KAFKA_HEAP_MAX', default: '`1g`', description: "the native broker's largest Java heap" },
  {
    name: 'XDG_CACHE_HOME',
    default: '`~/.cache`',
    description: 'its `ituna` folder keeps the Jaeger build and the kept copies of `node_modules`',
  },
  {
    name: 'ITUNA_DEPENDENCY_SNAPSHOT',
    default: 'on',
    description:
      '`off` keeps no copy of a fresh `node_modules` for the next clone (see [getting started](getting-started.md#later-starts))',
  },
];

/** The configuration page's table of the launcher's variables. */
export function launcherEnvTable(): string {
  return [
    '| variable | default | what it does |',
    '| --- | --- | --- |',
    ...LAUNCHER_VARIABLES.map((v) => `| \`${v.name}\` | ${v.default} | ${v.description} |`),
  ].join('\n');
}
