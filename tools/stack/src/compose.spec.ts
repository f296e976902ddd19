import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  DEFAULT_JAEGER_QUERY_URL,
  DEFAULT_KAFKA_BROKERS,
  DEFAULT_OTLP_GRPC_ENDPOINT,
  INSIGHTS_PORT,
  SERVICE_PORTS,
} from '@ituna/contracts';

/** The checkout (this file is tools/stack/src/compose.spec.ts). */
const root = join(__dirname, '..', '..', '..');
const portOf = (address: string) => new URL(address.includes('://') ? address : `kafka://${address}`).port;

// No Docker engine runs here, so the compose file is checked as data.
describe('docker-compose.yml', () => {
  const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'));

  it('pins the same Kafka and Jaeger versions as the native stack', () => {
    expect(compose.services.kafka.image).toBe('apache/kafka:4.3.1');
    expect(compose.services.jaeger.image).toBe('jaegertracing/jaeger:2.12.0');
  });

  it('gives Kafka a listener for the host and one for containers', () => {
    const env = compose.services.kafka.environment;
    expect(env.KAFKA_ADVERTISED_LISTENERS).toMatch(/HOST:\/\/127\.0\.0\.1:9092/);
    expect(env.KAFKA_ADVERTISED_LISTENERS).toMatch(/DOCKER:\/\/kafka:19092/);
    expect(env.KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS).toBe(0);
  });

  it('publishes the ports the native stack uses and health-checks both', () => {
    const [kafka, otlp, query] = [DEFAULT_KAFKA_BROKERS, DEFAULT_OTLP_GRPC_ENDPOINT, DEFAULT_JAEGER_QUERY_URL].map(
      portOf,
    );
    expect(compose.services.kafka.ports).toContain(`${kafka}:${kafka}`);
    expect(compose.services.jaeger.ports).toEqual(
      expect.arrayContaining([`${otlp}:${otlp}`, `${query}:${query}`, '13133:13133']),
    );
    expect(compose.services.kafka.healthcheck.test).toBeDefined();
    expect(compose.services.jaeger.healthcheck.test).toBeDefined();
  });

  it('runs Jaeger with the committed config, the storage part JAEGER_STORAGE names (memory by default) and the sampling part JAEGER_SAMPLING names (none by default)', () => {
    expect(compose.services.jaeger.volumes[0]).toMatch(/^\.\/tools\/stack\/jaeger\/config\.yaml:/);
    for (const part of [
      'storage-memory',
      'storage-badger',
      'sampling-tail',
      'sampling-none',
      'collector',
      'ingester',
    ]) {
      expect(existsSync(join(root, 'tools', 'stack', 'jaeger', `${part}.yaml`))).toBe(true);
      expect(compose.services.jaeger.volumes).toContain(
        `./tools/stack/jaeger/${part}.yaml:/etc/jaeger/${part}.yaml:ro`,
      );
    }
    expect(compose.services.jaeger.command).toEqual([
      '--config',
      '/etc/jaeger/config.yaml',
      '--config',
      '/etc/jaeger/storage-${JAEGER_STORAGE:-memory}.yaml',
      '--config',
      '/etc/jaeger/sampling-${JAEGER_SAMPLING:-none}.yaml',
      '--config',
      '/etc/jaeger/spanmetrics-${ITUNA_METRICS:-prometheus}.yaml',
      '--config',
      '/etc/jaeger/metrics-query-${ITUNA_METRICS:-prometheus}.yaml',
    ]);
    expect(compose.services.jaeger.environment).toMatchObject({
      ITUNA_TRACE_SAMPLE_PERCENT: '${ITUNA_TRACE_SAMPLE_PERCENT:-100}',
      PROMETHEUS_URL: 'http://prometheus:9090',
    });
  });

  it('gives ITUNA_METRICS=prometheus (the default) the metrics parts and =off an empty part in their place', () => {
    const volumes: string[] = compose.services.jaeger.volumes;
    expect(volumes).toEqual(
      expect.arrayContaining([
        './tools/stack/jaeger/metrics-spanmetrics.yaml:/etc/jaeger/spanmetrics-prometheus.yaml:ro',
        './tools/stack/jaeger/metrics-query.yaml:/etc/jaeger/metrics-query-prometheus.yaml:ro',
        './tools/stack/jaeger/sampling-none.yaml:/etc/jaeger/spanmetrics-off.yaml:ro',
        './tools/stack/jaeger/sampling-none.yaml:/etc/jaeger/metrics-query-off.yaml:ro',
      ]),
    );
    expect(parse(readFileSync(join(root, 'tools', 'stack', 'jaeger', 'sampling-none.yaml'), 'utf8'))).toEqual({});
  });

  it('runs Prometheus scraping the spanmetrics and the lag by service name, on the native port', () => {
    const prometheus = compose.services.prometheus;
    expect(prometheus.ports).toEqual(['9090:9090']);
    expect(prometheus.volumes).toEqual([
      './tools/stack/prometheus/prometheus-docker.yml:/etc/prometheus/prometheus.yml:ro',
    ]);
    expect(prometheus.extra_hosts).toEqual(['host.docker.internal:host-gateway']);
    expect(prometheus.command).toContain('--storage.tsdb.retention.time=48h');
    const scrape = parse(readFileSync(join(root, 'tools', 'stack', 'prometheus', 'prometheus-docker.yml'), 'utf8'));
    const targets = Object.fromEntries(
      scrape.scrape_configs.map((c: { job_name: string; static_configs: { targets: string[] }[] }) => [
        c.job_name,
        c.static_configs[0].targets,
      ]),
    );
    expect(targets).toEqual({
      spanmetrics: ['jaeger:8889', 'jaeger-collector:8889'],
      'kafka-lag': [`insights:${INSIGHTS_PORT}`, `host.docker.internal:${INSIGHTS_PORT}`],
    });
  });

  it('has a "kafka-pipeline" profile: a collector writing to Kafka and an ingester storing and serving the query API', () => {
    const { 'jaeger-collector': collector, 'jaeger-ingester': ingester } = compose.services;
    expect([collector.profiles, ingester.profiles]).toEqual([['kafka-pipeline'], ['kafka-pipeline']]);
    expect(collector.command.slice(0, 2)).toEqual(['--config', '/etc/jaeger/collector.yaml']);
    expect(collector.command).toContain('/etc/jaeger/spanmetrics-${ITUNA_METRICS:-prometheus}.yaml');
    expect(ingester.command.slice(0, 2)).toEqual(['--config', '/etc/jaeger/ingester.yaml']);
    expect(ingester.command).toContain('/etc/jaeger/metrics-query-${ITUNA_METRICS:-prometheus}.yaml');
    expect(ingester.ports).toEqual(['16687:16686']);
    expect(collector.environment.JAEGER_KAFKA_BROKERS).toBe('[${ITUNA_DOCKER_KAFKA_BROKERS:-kafka:19092}]');
  });
});

describe('docker-compose.yml services', () => {
  const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true });
  it.each(Object.entries(SERVICE_PORTS))(
    'builds %s from the one Dockerfile, wired to kafka and jaeger on port %s',
    (name, port) => {
      const svc = compose.services[name];
      expect(svc.build).toEqual({ context: '.', args: { APP: name } });
      expect(svc.ports).toEqual([`${port}:${port}`]);
      expect(svc.environment).toMatchObject({
        // The one node unless ITUNA_DOCKER_KAFKA_BROKERS points at the cluster profile's nodes.
        KAFKA_BROKERS: '${ITUNA_DOCKER_KAFKA_BROKERS:-kafka:19092}',
        // Jaeger, or the kafka-pipeline profile's collector.
        OTEL_EXPORTER_OTLP_ENDPOINT: '${ITUNA_DOCKER_OTLP_ENDPOINT:-http://jaeger:4317}',
        PORT: String(port),
      });
      expect(svc.depends_on).toEqual({
        kafka: { condition: 'service_healthy' },
        jaeger: { condition: 'service_healthy' },
        ...Object.fromEntries(
          ['kafka-1', 'kafka-2', 'kafka-3'].map((n) => [n, { condition: 'service_healthy', required: false }]),
        ),
      });
    },
  );

  it('has a "cluster" profile of three nodes set up as the native --brokers 3 sets them up', () => {
    const nodes = ['kafka-1', 'kafka-2', 'kafka-3'].map((name) => compose.services[name]);
    nodes.forEach((node, i) => {
      expect(node.image).toBe(compose.services.kafka.image);
      expect(node.profiles).toEqual(['cluster']);
      expect(node.ports).toEqual([`${9192 + 2 * i}:9092`]);
      expect(node.environment).toMatchObject({
        KAFKA_NODE_ID: i + 1,
        KAFKA_PROCESS_ROLES: 'broker,controller',
        KAFKA_CONTROLLER_QUORUM_VOTERS: '1@kafka-1:9093,2@kafka-2:9093,3@kafka-3:9093',
        KAFKA_ADVERTISED_LISTENERS: `HOST://127.0.0.1:${9192 + 2 * i},DOCKER://kafka-${i + 1}:19092`,
        KAFKA_DEFAULT_REPLICATION_FACTOR: 3,
        KAFKA_MIN_INSYNC_REPLICAS: 2,
        KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: 3,
        KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: 3,
        KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: 2,
        KAFKA_BROKER_SESSION_TIMEOUT_MS: 3000,
      });
    });
    // KRaft formats every node of one cluster with the same id.
    expect(new Set(nodes.map((n) => n.environment.CLUSTER_ID)).size).toBe(1);
  });

  it('builds the insights page on its port, reading Jaeger inside the network', () => {
    const insights = compose.services.insights;
    expect(insights.build).toEqual({ context: '.', args: { APP: 'insights' } });
    expect(insights.ports).toEqual([`${INSIGHTS_PORT}:${INSIGHTS_PORT}`]);
    expect(insights.environment).toEqual({
      JAEGER_QUERY_URL: `\${ITUNA_DOCKER_JAEGER_QUERY_URL:-http://jaeger:${portOf(DEFAULT_JAEGER_QUERY_URL)}}`,
      PROMETHEUS_URL: 'http://prometheus:9090',
      KAFKA_BROKERS: '${ITUNA_DOCKER_KAFKA_BROKERS:-kafka:19092}',
      PORT: String(INSIGHTS_PORT),
    });
  });
});

describe('Dockerfile', () => {
  const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');

  it('copies only files that exist in the repository (a build would stop at the first missing one)', () => {
    const sources = [...dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)]
      .flatMap((m) => m[1].split(/\s+/))
      .filter((s) => s !== '.');
    expect(sources.length).toBeGreaterThan(0);
    expect(sources.filter((source) => !existsSync(join(root, source)))).toEqual([]);
  });

  it('gives the runtime install what its postinstall needs: the patches, and patch-package as a runtime dependency', () => {
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('FROM '));
    expect(runtime).toMatch(/^COPY patches \.\/patches$/m);
    expect(runtime.indexOf('COPY patches')).toBeLessThan(runtime.indexOf('npm ci --omit=dev'));
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    expect(pkg.scripts.postinstall).toMatch(/^patch-package/);
    expect(pkg.dependencies['patch-package']).toBeDefined();
  });
});

// compose-go is Docker Compose's own loader: what it refuses, `docker compose config` refuses.
describe('docker-compose.yml, loaded by compose-go (tools/stack/compose-check)', () => {
  const check = (file: string) =>
    spawnSync('go', ['run', '.', file], {
      cwd: join(__dirname, '..', 'compose-check'),
      encoding: 'utf8',
      timeout: 280_000,
    });

  it('is a valid Compose project: the specification schema, merge keys, every depends_on resolved', () => {
    const run = check(join(root, 'docker-compose.yml'));
    if (run.error) throw new Error(`go (a prerequisite of the native stack) could not run: ${run.error.message}`);
    // compose-go's warnings fail the check; the go tool's "downloading" lines on a cold module cache do not.
    const warnings = run.stderr.split('\n').filter((line) => line.trim() && !/^go: downloading /.test(line));
    expect(warnings).toEqual([]);
    expect(run.status).toBe(0);
    const project = JSON.parse(run.stdout);
    const apps = [
      'website-ordering',
      'onsite-ordering',
      'direct-kitchen-ordering',
      'order-validation',
      'kitchen-service',
      'insights',
    ];
    expect(Object.keys(project.services).sort()).toEqual([...apps, 'jaeger', 'kafka', 'prometheus'].sort());
    for (const app of apps) expect(project.services[app].healthcheck.test).toBeDefined();
    expect(project.services.insights.environment).toMatchObject({ JAEGER_QUERY_URL: 'http://jaeger:16686' });
    // No JVM every 5 s: the check names no Kafka tool and no java.
    expect(project.services.kafka.healthcheck.test.join(' ')).not.toMatch(/kafka-|\.sh|java/);
  }, 300_000);

  it('refuses what Docker Compose refuses (so the check above can fail)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'compose-'));
    const bad = join(dir, 'docker-compose.yml');
    writeFileSync(bad, 'services:\n  a:\n    image: busybox\n    helthcheck: {}\n');
    const run = check(bad);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/helthcheck/);
  }, 300_000);
});
