// Pure parts of the launcher (no I/O), unit tested in config.spec.ts.
import { createHash, randomBytes } from 'node:crypto';
import { DEFAULT_JAEGER_QUERY_URL, DEFAULT_KAFKA_BROKERS, DEFAULT_OTLP_GRPC_ENDPOINT } from '@ituna/contracts';

export const KAFKA_VERSION = '4.3.1';
export const JAEGER_MODULE_VERSION = 'v1.76.0'; // the Go module version of Jaeger 2.13.0

/** The parts of the stack, in the order `up` and `status` take them. */
export const STACK_COMPONENTS = ['kafka', 'jaeger'] as const;

export type StackComponent = (typeof STACK_COMPONENTS)[number];

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

export const defaults = {
  kafka: { host: kafkaDefault.host, port: kafkaDefault.port, controllerPort: 9093 },
  jaeger: {
    host: otlpDefault.hostname,
    otlpGrpcPort: Number(otlpDefault.port),
    otlpHttpPort: 4318,
    queryPort: Number(new URL(DEFAULT_JAEGER_QUERY_URL).port),
    healthPort: 13133,
  },
} as const;

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
}

export interface KafkaPropertiesOptions extends KafkaEndpoint {
  /** The broker's log.dirs. */
  dataDir: string;
}

/** KRaft, one combined broker+controller node on loopback, tuned for a laptop and for tests. */
export function renderKafkaProperties({
  dataDir,
  host = defaults.kafka.host,
  port = defaults.kafka.port,
  controllerPort = defaults.kafka.controllerPort,
  scram,
  tls,
}: KafkaPropertiesOptions): string {
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
      : {
          listeners: `PLAINTEXT://${host}:${port},CONTROLLER://${host}:${controllerPort}`,
          'advertised.listeners': `PLAINTEXT://${host}:${port}`,
          'inter.broker.listener.name': 'PLAINTEXT',
          'listener.security.protocol.map': 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
        };
  const props: Record<string, string | number | boolean> = {
    'process.roles': 'broker,controller',
    'node.id': 1,
    'controller.quorum.voters': `1@${host}:${controllerPort}`,
    ...listeners,
    'controller.listener.names': 'CONTROLLER',
    'log.dirs': dataDir,
    'num.partitions': 3,
    // One node: every internal topic must accept a replication factor of 1.
    'offsets.topic.replication.factor': 1,
    'offsets.topic.num.partitions': 10,
    'transaction.state.log.replication.factor': 1,
    'transaction.state.log.min.isr': 1,
    // 10 partitions, not 50: the first transaction on a fresh broker waits for fewer to load.
    'transaction.state.log.num.partitions': 10,
    'share.coordinator.state.topic.replication.factor': 1,
    'share.coordinator.state.topic.min.isr': 1,
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
}

/** Where the apps and tests find Kafka and Jaeger, from the standard environment variables. */
export function endpointsFromEnv(env: NodeJS.ProcessEnv = process.env): Endpoints {
  const kafkaConfigured = Boolean(env.KAFKA_BROKERS);
  const brokers = parseHostPorts(
    env.KAFKA_BROKERS || `${defaults.kafka.host}:${defaults.kafka.port}`,
    defaults.kafka.port,
  );
  const otlpConfigured = Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT);
  const [otlp] = parseHostPorts(
    env.OTEL_EXPORTER_OTLP_ENDPOINT || `http://${defaults.jaeger.host}:${defaults.jaeger.otlpGrpcPort}`,
    defaults.jaeger.otlpGrpcPort,
  );
  const queryUrl = (env.JAEGER_QUERY_URL || `http://${otlp.host}:${defaults.jaeger.queryPort}`).replace(/\/$/, '');
  return { kafkaConfigured, brokers, otlpConfigured, otlp, queryUrl };
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
