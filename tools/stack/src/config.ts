// Pure parts of the launcher (no I/O), unit tested in config.spec.ts.
import { createHash, randomBytes } from 'node:crypto';
import {
  DEFAULT_JAEGER_QUERY_URL,
  DEFAULT_KAFKA_BROKERS,
  DEFAULT_OTLP_GRPC_ENDPOINT,
  DEFAULT_PROMETHEUS_URL,
  SERVICE_NAMES,
  instanceId,
  instancePort,
  prometheusUrlFrom,
  type ServiceName,
} from '@ituna/contracts';

export const KAFKA_VERSION = '4.3.1';
export const JAEGER_MODULE_VERSION = 'v1.75.0'; // the Go module version of Jaeger 2.12.0 (the newest approved release)

/** The parts of the stack, in the order `up` and `status` take them. */
export const STACK_COMPONENTS = ['kafka', 'jaeger', 'prometheus'] as const;

export type StackComponent = (typeof STACK_COMPONENTS)[number];

/** Where the RED metrics and the consumer lag go: a Prometheus server (the default), or nowhere. */
export const METRICS_CHOICES = ['prometheus', 'off'] as const;
export type MetricsChoice = (typeof METRICS_CHOICES)[number];

/** ITUNA_METRICS (any case; prometheus when unset or empty), refused with its value when it is neither. */
export function metricsFromEnv(env: NodeJS.ProcessEnv = process.env): MetricsChoice {
  return choiceFromEnv(env, 'ITUNA_METRICS', METRICS_CHOICES);
}

/** The components the environment asks for: all of them, less Prometheus when ITUNA_METRICS=off. */
export function wantedComponents(env: NodeJS.ProcessEnv = process.env): StackComponent[] {
  return STACK_COMPONENTS.filter((c) => c !== 'prometheus' || metricsFromEnv(env) === 'prometheus');
}

/** A host and a port, as in a brokers list or an OTLP endpoint. */
export interface HostPort {
  host: string;
  port: number;
}

/** "a:1,b:2" -> [{host, port}], tolerant of spaces and a missing port. */
export function parseHostPorts(list: string | undefined, defaultPort: number): HostPort[] {
  return String(list || '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => {
      const withoutScheme = entry.replace(/^[a-z]+:\/\//i, '');
      const [host, port] = withoutScheme.split('/')[0].split(':');
      return { host, port: port ? Number(port) : defaultPort };
    });
}

// The addresses the services and tools default to (libs/contracts) are where the stack listens;
// the ports only the launcher uses (the controller, OTLP over HTTP, Jaeger's health check) are its own.
const [kafkaDefault] = parseHostPorts(DEFAULT_KAFKA_BROKERS, 9092);
const otlpDefault = new URL(DEFAULT_OTLP_GRPC_ENDPOINT);
const prometheusDefault = new URL(DEFAULT_PROMETHEUS_URL);

export const defaults = {
  kafka: { host: kafkaDefault.host, port: kafkaDefault.port, controllerPort: 9093 },
  jaeger: {
    host: otlpDefault.hostname,
    otlpGrpcPort: Number(otlpDefault.port),
    otlpHttpPort: 4318,
    queryPort: Number(new URL(DEFAULT_JAEGER_QUERY_URL).port),
    healthPort: 13133,
    /** The ingester's health check (JAEGER_PIPELINE=kafka), beside the collector's. */
    ingesterHealthPort: 13134,
    /** The spanmetrics connector's Prometheus endpoint (ITUNA_METRICS=prometheus), which Prometheus scrapes. */
    spanmetricsPort: 8889,
  },
  prometheus: { host: prometheusDefault.hostname, port: Number(prometheusDefault.port) },
} as const;

/** One KRaft node of the stack's Kafka (broker and controller both): its id and ports. */
export interface KafkaNode {
  nodeId: number;
  port: number;
  controllerPort: number;
  /** A second plaintext listener, reached through a proxy (see KafkaEndpoint.proxied). */
  proxied?: ProxiedListener;
}

/**
 * A plaintext client listener that advertises a proxy's address instead of its own: a client that
 * bootstraps through the proxy is told to reach every broker through its proxy too, so that the
 * network between that client alone and the brokers can be cut, slowed or reset (tests' faults).
 */
export interface ProxiedListener {
  port: number;
  advertisedPort: number;
}

/** The node counts the stack runs: one node, or a quorum of three. */
export const KAFKA_NODE_COUNTS = [1, 3] as const;

/**
 * The nodes of a stack of `count` on loopback: node 1 where the one-node stack listens (so the
 * default KAFKA_BROKERS still reaches it), each next node two ports above the one before.
 */
export function kafkaNodes(
  count: number,
  first: Pick<KafkaNode, 'port' | 'controllerPort'> = defaults.kafka,
): KafkaNode[] {
  return Array.from({ length: count }, (_, i) => ({
    nodeId: i + 1,
    port: first.port + 2 * i,
    controllerPort: first.controllerPort + 2 * i,
  }));
}

/** A node count as given by `source` (a variable or a flag): 1 or 3, anything else refused, naming the source. */
export function parseKafkaNodeCount(raw: string, source: string): number {
  const count = Number(raw.trim());
  if (!raw.trim() || !(KAFKA_NODE_COUNTS as readonly number[]).includes(count))
    throw new Error(`${source} must be ${KAFKA_NODE_COUNTS.join(' or ')} (a quorum needs an odd count); got "${raw}"`);
  return count;
}

/** ITUNA_KAFKA_NODES (1 or 3), or undefined when unset or empty. */
export function kafkaNodeCountFromEnv(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const raw = env.ITUNA_KAFKA_NODES;
  return raw?.trim() ? parseKafkaNodeCount(raw, 'ITUNA_KAFKA_NODES') : undefined;
}

/** Where the stack's Jaeger keeps traces: on disk (Badger, kept across restarts) or in its memory. */
export const JAEGER_STORAGES = ['badger', 'memory'] as const;
export type JaegerStorage = (typeof JAEGER_STORAGES)[number];

/** JAEGER_STORAGE (any case; badger when unset or empty), refused with its value when it is neither. */
export function jaegerStorageFromEnv(env: NodeJS.ProcessEnv = process.env): JaegerStorage {
  return choiceFromEnv(env, 'JAEGER_STORAGE', JAEGER_STORAGES);
}

/** How spans reach the stack's Jaeger storage: one process, or collector → Kafka → ingester. */
export const JAEGER_PIPELINES = ['single', 'kafka'] as const;
export type JaegerPipeline = (typeof JAEGER_PIPELINES)[number];

/** JAEGER_PIPELINE (any case; single when unset or empty), refused with its value when it is neither. */
export function jaegerPipelineFromEnv(env: NodeJS.ProcessEnv = process.env): JaegerPipeline {
  return choiceFromEnv(env, 'JAEGER_PIPELINE', JAEGER_PIPELINES);
}

/** One of `choices` (any case; the first when unset or empty), refused naming the variable and its value. */
function choiceFromEnv<T extends string>(env: NodeJS.ProcessEnv, name: string, choices: readonly T[]): T {
  const raw = env[name]?.trim().toLowerCase();
  if (!raw) return choices[0];
  const choice = choices.find((c) => c === raw);
  if (!choice) throw new Error(`${name} must be ${choices.join(' or ')}; got "${env[name]}"`);
  return choice;
}

/** The topic the collector writes spans to and the ingester reads them from (JAEGER_PIPELINE=kafka). */
export const JAEGER_SPANS_TOPIC = 'jaeger-spans';

/** Tail sampling at Jaeger (tools/stack/jaeger/sampling-tail.yaml), off at 100 percent. */
export interface TraceSampling {
  /** ITUNA_TRACE_SAMPLE_PERCENT: the share of ordinary traces kept, 0-100 (100, the default: all, no sampler). */
  percent: number;
  /** ITUNA_TRACE_SLOW_MS: an order at least this long end to end is always kept. */
  slowMs: number;
  /** ITUNA_TRACE_DECISION_WAIT: how long Jaeger holds a trace after its first span before deciding (a Go duration). */
  decisionWait: string;
}

/** The tail-sampling settings, each refused with its variable and value when it is not one. */
export function traceSamplingFromEnv(env: NodeJS.ProcessEnv = process.env): TraceSampling {
  const read = (name: string, fallback: string) => env[name]?.trim() || fallback;
  const percent = read('ITUNA_TRACE_SAMPLE_PERCENT', '100');
  if (!/^\d+(\.\d+)?$/.test(percent) || Number(percent) > 100)
    throw new Error(
      `ITUNA_TRACE_SAMPLE_PERCENT must be a number from 0 to 100; got "${env.ITUNA_TRACE_SAMPLE_PERCENT}"`,
    );
  const slowMs = read('ITUNA_TRACE_SLOW_MS', '2000');
  if (!/^[1-9]\d*$/.test(slowMs))
    throw new Error(
      `ITUNA_TRACE_SLOW_MS must be a whole number of milliseconds above 0; got "${env.ITUNA_TRACE_SLOW_MS}"`,
    );
  const decisionWait = read('ITUNA_TRACE_DECISION_WAIT', '10s');
  if (!/^[1-9]\d*(ms|s|m)$/.test(decisionWait))
    throw new Error(
      `ITUNA_TRACE_DECISION_WAIT must be a duration such as 10s or 500ms; got "${env.ITUNA_TRACE_DECISION_WAIT}"`,
    );
  return { percent: Number(percent), slowMs: Number(slowMs), decisionWait };
}

/**
 * Replication for a cluster of `nodes`: three copies of every partition (the topics' and Kafka's
 * own) and writes acknowledged once two hold them, so one node can be lost without losing an
 * acknowledged write or refusing a new one. One node can only keep one copy.
 */
export function replicationFor(nodes: number): { factor: number; minInSync: number } {
  return nodes >= 3 ? { factor: 3, minInSync: 2 } : { factor: 1, minInSync: 1 };
}

/** Clients must authenticate with SASL/SCRAM-SHA-512; the broker talks to itself on `internalPort`. */
export interface ScramListener {
  internalPort: number;
}

/** Clients must speak TLS; the broker shows the key and certificate chain of the PEM file `keystore`. */
export interface TlsListener {
  internalPort: number;
  keystore: string;
}

/** Where a broker listens: the client port (plaintext, SCRAM or TLS) and the controller's. */
export interface KafkaEndpoint {
  host?: string;
  port?: number;
  controllerPort?: number;
  scram?: ScramListener;
  tls?: TlsListener;
  proxied?: ProxiedListener;
}

export interface KafkaPropertiesOptions extends KafkaEndpoint {
  /** The broker's log.dirs. */
  dataDir: string;
  /** This node's id (1 unless it is one of a cluster's). */
  nodeId?: number;
  /** The cluster's controller quorum, this node among them; this node alone unless given. */
  voters?: readonly KafkaNode[];
}

/**
 * KRaft on loopback, each node broker and controller both, tuned for a laptop and for tests: one
 * node, or one of a cluster (`voters`) whose partitions all have three replicas.
 */
export function renderKafkaProperties({
  dataDir,
  host = defaults.kafka.host,
  port = defaults.kafka.port,
  controllerPort = defaults.kafka.controllerPort,
  scram,
  tls,
  proxied,
  nodeId = 1,
  voters = [{ nodeId, port, controllerPort }],
}: KafkaPropertiesOptions): string {
  const replication = replicationFor(voters.length);
  // With `scram`, clients must authenticate with SASL/SCRAM-SHA-512 on `port`; with `tls`, clients
  // must speak TLS on `port`. Either way the broker talks to itself over a plaintext loopback listener.
  const listeners: Record<string, string> = tls
    ? {
        listeners: `SSL://${host}:${port},CONTROLLER://${host}:${controllerPort},INTERNAL://${host}:${tls.internalPort}`,
        'advertised.listeners': `SSL://${host}:${port},INTERNAL://${host}:${tls.internalPort}`,
        'inter.broker.listener.name': 'INTERNAL',
        'listener.security.protocol.map': 'SSL:SSL,CONTROLLER:PLAINTEXT,INTERNAL:PLAINTEXT',
        'ssl.keystore.type': 'PEM',
        'ssl.keystore.location': tls.keystore,
        'ssl.client.auth': 'none',
      }
    : scram
      ? {
          listeners: `SASL_PLAINTEXT://${host}:${port},CONTROLLER://${host}:${controllerPort},INTERNAL://${host}:${scram.internalPort}`,
          'advertised.listeners': `SASL_PLAINTEXT://${host}:${port},INTERNAL://${host}:${scram.internalPort}`,
          'inter.broker.listener.name': 'INTERNAL',
          'listener.security.protocol.map': 'SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT,INTERNAL:PLAINTEXT',
          'sasl.enabled.mechanisms': 'SCRAM-SHA-512',
          'listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config':
            'org.apache.kafka.common.security.scram.ScramLoginModule required;',
        }
      : proxied
        ? {
            listeners: `PLAINTEXT://${host}:${port},CONTROLLER://${host}:${controllerPort},PROXIED://${host}:${proxied.port}`,
            'advertised.listeners': `PLAINTEXT://${host}:${port},PROXIED://${host}:${proxied.advertisedPort}`,
            'inter.broker.listener.name': 'PLAINTEXT',
            'listener.security.protocol.map': 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,PROXIED:PLAINTEXT',
          }
        : {
            listeners: `PLAINTEXT://${host}:${port},CONTROLLER://${host}:${controllerPort}`,
            'advertised.listeners': `PLAINTEXT://${host}:${port}`,
            'inter.broker.listener.name': 'PLAINTEXT',
            'listener.security.protocol.map': 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
          };
  const props: Record<string, string | number | boolean> = {
    'process.roles': 'broker,controller',
    'node.id': nodeId,
    'controller.quorum.voters': voters.map((v) => `${v.nodeId}@${host}:${v.controllerPort}`).join(','),
    ...listeners,
    'controller.listener.names': 'CONTROLLER',
    'log.dirs': dataDir,
    'num.partitions': 3,
    // Topics created with the broker's default (the services ask for replicationFactor -1) and
    // Kafka's own topics get the same replication: 1 on one node, 3 with 2 in sync on a cluster.
    'default.replication.factor': replication.factor,
    'min.insync.replicas': replication.minInSync,
    'offsets.topic.replication.factor': replication.factor,
    'offsets.topic.num.partitions': 10,
    'transaction.state.log.replication.factor': replication.factor,
    'transaction.state.log.min.isr': replication.minInSync,
    // 10 partitions, not 50: the first transaction on a fresh broker waits for fewer to load.
    'transaction.state.log.num.partitions': 10,
    'share.coordinator.state.topic.replication.factor': replication.factor,
    'share.coordinator.state.topic.min.isr': replication.minInSync,
    // A cluster notices a dead node after 3 s, not Kafka's 9: the controller then fences it, moves
    // its leaderships and drops it from the in-sync replicas, and writes that need two in sync go on.
    // When the dead node was the active controller, the others elect a new one after 1 s without
    // its answers (Kafka's default 2 s) plus up to 0.5 s, and that one fences the dead node 3 s on.
    ...(voters.length > 1
      ? {
          'broker.session.timeout.ms': 3000,
          'broker.heartbeat.interval.ms': 500,
          'controller.quorum.fetch.timeout.ms': 1000,
          'controller.quorum.election.timeout.ms': 500,
        }
      : {}),
    // Consumers join at once instead of waiting 3 s for more members: tests start fast.
    'group.initial.rebalance.delay.ms': 0,
    'auto.create.topics.enable': true,
    'log.retention.hours': 24,
    'log.segment.bytes': 64 * 1024 * 1024,
  };
  return (
    Object.entries(props)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n') + '\n'
  );
}

export function isLoopback(host: string): boolean {
  return host === '127.0.0.1' || host === 'localhost' || host === '::1';
}

/**
 * What to do about one component of the stack:
 * - 'running': we started it earlier and its process is alive;
 * - 'reuse': something else answers where the user points (or on the default port);
 * - 'start': nothing answers on loopback, so we start our own;
 * - 'error': the user points at a remote address that does not answer; starting a local one would not help.
 */
export type Decision = 'running' | 'reuse' | 'start' | 'error';

export interface DecideInput {
  /** A process we started (PID file) is alive. */
  ownedAlive: boolean;
  /** The user points at an address (KAFKA_BROKERS, OTEL_EXPORTER_OTLP_ENDPOINT). */
  configured: boolean;
  /** Where the component is expected. */
  target: HostPort;
  /** Something answers at `target`. */
  reachable: boolean;
}

export function decide({ ownedAlive, configured, target, reachable }: DecideInput): Decision {
  if (ownedAlive) return 'running';
  if (reachable) return 'reuse';
  if (configured && !isLoopback(target.host)) return 'error';
  return 'start';
}

/** Where the apps and tests find Kafka and Jaeger. */
export interface Endpoints {
  /** KAFKA_BROKERS is set. */
  kafkaConfigured: boolean;
  brokers: HostPort[];
  /** OTEL_EXPORTER_OTLP_ENDPOINT is set. */
  otlpConfigured: boolean;
  /** Jaeger's OTLP gRPC receiver. */
  otlp: HostPort;
  /** Jaeger's query API and UI, without a trailing slash. */
  queryUrl: string;
  /** PROMETHEUS_URL is set. */
  prometheusConfigured: boolean;
  /** The Prometheus server's address and its URL without a trailing slash. */
  prometheus: HostPort;
  prometheusUrl: string;
}

/**
 * Where the apps and tests find Kafka, Jaeger and Prometheus, from the standard environment variables; unless
 * KAFKA_BROKERS says otherwise, every node of the stack's Kafka (`kafkaNodeCount` of them).
 */
export function endpointsFromEnv(env: NodeJS.ProcessEnv = process.env, kafkaNodeCount = 1): Endpoints {
  const kafkaConfigured = Boolean(env.KAFKA_BROKERS);
  const brokers = kafkaConfigured
    ? parseHostPorts(env.KAFKA_BROKERS, defaults.kafka.port)
    : kafkaNodes(kafkaNodeCount).map(({ port }) => ({ host: defaults.kafka.host, port }));
  const otlpConfigured = Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT);
  const [otlp] = parseHostPorts(
    env.OTEL_EXPORTER_OTLP_ENDPOINT || `http://${defaults.jaeger.host}:${defaults.jaeger.otlpGrpcPort}`,
    defaults.jaeger.otlpGrpcPort,
  );
  const queryUrl = (env.JAEGER_QUERY_URL || `http://${otlp.host}:${defaults.jaeger.queryPort}`).replace(/\/$/, '');
  const prometheusConfigured = Boolean(env.PROMETHEUS_URL?.trim());
  const prometheusUrl = prometheusUrlFrom(env);
  const prometheusAddress = new URL(prometheusUrl);
  const prometheus = {
    host: prometheusAddress.hostname,
    port: Number(prometheusAddress.port) || (prometheusAddress.protocol === 'https:' ? 443 : 80),
  };
  return { kafkaConfigured, brokers, otlpConfigured, otlp, queryUrl, prometheusConfigured, prometheus, prometheusUrl };
}

/** Cache keys change whenever the pinned inputs change, so a stale build is never reused. */
export function cacheKey(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 12);
}

/**
 * A KRaft cluster id: 16 random bytes in URL-safe base64 without padding. Like Kafka's own
 * Uuid.randomUuid(), an id starting with '-' (one in 64) is drawn again, since the storage
 * tool's argument parser would read it as an option; the all-zero id is reserved.
 */
export function newClusterId(random: (size: number) => Buffer = randomBytes): string {
  for (;;) {
    const bytes = random(16);
    const id = bytes.toString('base64url');
    if (!id.startsWith('-') && bytes.some((b) => b !== 0)) return id;
  }
}

/** The most instances of one service the launcher runs (their ports stay clear of each other's). */
export const MAX_INSTANCES = 9;

/**
 * "order-validation=2,kitchen-service=2" (the --instances flag, ITUNA_INSTANCES) as counts per
 * service; a service not named runs once. Anything else is refused, naming `source` and the part.
 */
export function parseInstanceCounts(text: string, source: string): Partial<Record<ServiceName, number>> {
  const counts: Partial<Record<ServiceName, number>> = {};
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [name, count, ...rest] = part.split('=').map((p) => p.trim());
    const n = Number(count);
    if (!(SERVICE_NAMES as string[]).includes(name))
      throw new Error(`${source}: "${name}" is not a service (${SERVICE_NAMES.join(', ')})`);
    if (rest.length || !Number.isInteger(n) || n < 1 || n > MAX_INSTANCES)
      throw new Error(`${source}: "${part}" needs a whole count from 1 to ${MAX_INSTANCES}, as in ${name}=2`);
    counts[name as ServiceName] = n;
  }
  return counts;
}

/**
 * The environment of instance `instance` of a service: its own port and its own
 * `service.instance.id` (ahead of the user's OTEL_RESOURCE_ATTRIBUTES, which keep the last word).
 */
export function instanceEnv(
  service: ServiceName,
  instance: number,
  env: NodeJS.ProcessEnv = process.env,
): NodeJS.ProcessEnv {
  return {
    PORT: String(instancePort(service, instance)),
    OTEL_RESOURCE_ATTRIBUTES: [`service.instance.id=${instanceId(service, instance)}`, env.OTEL_RESOURCE_ATTRIBUTES]
      .filter(Boolean)
      .join(','),
  };
}
