import {
  decide,
  defaults,
  endpointsFromEnv,
  instanceEnv,
  kafkaNodeCountFromEnv,
  kafkaNodes,
  parseInstanceCounts,
  parseHostPorts,
  renderKafkaProperties,
  cacheKey,
  newClusterId,
  wantedComponents,
} from './config';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { INSIGHTS_PORT } from '@ituna/contracts';
import { prometheusArgs } from './prometheus';
import * as paths from './paths';

describe('newClusterId', () => {
  it('never starts with "-" over many generated ids, and is 22 URL-safe characters', () => {
    const ids = Array.from({ length: 20_000 }, () => newClusterId());
    expect(ids.filter((id) => id.startsWith('-'))).toEqual([]);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('draws again when the random bytes would give a leading "-"', () => {
    // 0xf8 as the first byte encodes to '-' in URL-safe base64.
    const draws = [Buffer.alloc(16, 0xf8), Buffer.alloc(16, 0), Buffer.alloc(16, 0x11)];
    const id = newClusterId(() => draws.shift()!);
    expect(Buffer.alloc(16, 0xf8).toString('base64url').startsWith('-')).toBe(true);
    expect(id).toBe(Buffer.alloc(16, 0x11).toString('base64url'));
    expect(draws).toEqual([]);
  });
});

describe('renderKafkaProperties', () => {
  const props = Object.fromEntries(
    renderKafkaProperties({ dataDir: '/tmp/k' })
      .trim()
      .split('\n')
      .map((line: string) => line.split(/=(.*)/s).slice(0, 2)),
  );

  it('runs one combined KRaft node on loopback with the controller on 9093', () => {
    expect(props['process.roles']).toBe('broker,controller');
    expect(props['listeners']).toBe('PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093');
    expect(props['controller.quorum.voters']).toBe('1@127.0.0.1:9093');
    expect(props['advertised.listeners']).toBe('PLAINTEXT://127.0.0.1:9092');
  });

  it('lets consumers join without the initial rebalance delay and keeps data in the given folder', () => {
    expect(props['group.initial.rebalance.delay.ms']).toBe('0');
    expect(props['log.dirs']).toBe('/tmp/k');
    expect(props['offsets.topic.replication.factor']).toBe('1');
  });

  it('serves clients over TLS only with a PEM keystore, talking to itself in plaintext', () => {
    const tls = Object.fromEntries(
      renderKafkaProperties({
        dataDir: '/d',
        port: 19192,
        controllerPort: 19193,
        tls: { internalPort: 19194, keystore: '/certs/broker.pem' },
      })
        .trim()
        .split('\n')
        .map((line: string) => line.split(/=(.*)/s).slice(0, 2)),
    );
    expect(tls['listeners']).toBe('SSL://127.0.0.1:19192,CONTROLLER://127.0.0.1:19193,INTERNAL://127.0.0.1:19194');
    expect(tls['listener.security.protocol.map']).toBe('SSL:SSL,CONTROLLER:PLAINTEXT,INTERNAL:PLAINTEXT');
    expect(tls['ssl.keystore.type']).toBe('PEM');
    expect(tls['ssl.keystore.location']).toBe('/certs/broker.pem');
  });

  it('adds a listener that advertises a proxy, for clients whose network a test cuts', () => {
    const proxied = Object.fromEntries(
      renderKafkaProperties({
        dataDir: '/d',
        port: 19592,
        controllerPort: 19593,
        proxied: { port: 19692, advertisedPort: 19792 },
      })
        .trim()
        .split('\n')
        .map((line: string) => line.split(/=(.*)/s).slice(0, 2)),
    );
    expect(proxied['listeners']).toBe(
      'PLAINTEXT://127.0.0.1:19592,CONTROLLER://127.0.0.1:19593,PROXIED://127.0.0.1:19692',
    );
    expect(proxied['advertised.listeners']).toBe('PLAINTEXT://127.0.0.1:19592,PROXIED://127.0.0.1:19792');
    expect(proxied['inter.broker.listener.name']).toBe('PLAINTEXT');
    expect(proxied['listener.security.protocol.map']).toBe(
      'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,PROXIED:PLAINTEXT',
    );
  });

  it('follows a custom port', () => {
    expect(renderKafkaProperties({ dataDir: '/d', port: 19092, controllerPort: 19093 })).toContain(
      'listeners=PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093',
    );
  });
});

describe('parseHostPorts', () => {
  it('reads brokers lists and OTLP URLs, defaulting the port', () => {
    expect(parseHostPorts('a:1, b', 9092)).toEqual([
      { host: 'a', port: 1 },
      { host: 'b', port: 9092 },
    ]);
    expect(parseHostPorts('http://collector:4317/', 4317)).toEqual([{ host: 'collector', port: 4317 }]);
  });
});

describe('decide', () => {
  const local = { host: '127.0.0.1', port: 9092 };
  const remote = { host: 'kafka.internal', port: 9092 };

  it('keeps a process we started that is still alive', () => {
    expect(decide({ ownedAlive: true, configured: false, target: local, reachable: false })).toBe('running');
  });

  it('reuses whatever already answers, configured or on the default port', () => {
    expect(decide({ ownedAlive: false, configured: true, target: remote, reachable: true })).toBe('reuse');
    expect(decide({ ownedAlive: false, configured: false, target: local, reachable: true })).toBe('reuse');
  });

  it('starts its own on loopback when nothing answers', () => {
    expect(decide({ ownedAlive: false, configured: false, target: local, reachable: false })).toBe('start');
    expect(decide({ ownedAlive: false, configured: true, target: local, reachable: false })).toBe('start');
  });

  it('refuses to start a local one when the configured remote does not answer', () => {
    expect(decide({ ownedAlive: false, configured: true, target: remote, reachable: false })).toBe('error');
  });
});

describe('endpointsFromEnv', () => {
  it('defaults to the native stack on loopback', () => {
    const e = endpointsFromEnv({});
    expect(e.brokers).toEqual([{ host: '127.0.0.1', port: 9092 }]);
    expect(e.otlp).toEqual({ host: '127.0.0.1', port: 4317 });
    expect(e.queryUrl).toBe('http://127.0.0.1:16686');
    expect(e.kafkaConfigured).toBe(false);
    expect([e.prometheusUrl, e.prometheus, e.prometheusConfigured]).toEqual([
      'http://127.0.0.1:9090',
      { host: '127.0.0.1', port: 9090 },
      false,
    ]);
  });

  it('follows PROMETHEUS_URL, an https one on 443 unless it names a port', () => {
    const e = endpointsFromEnv({ PROMETHEUS_URL: 'https://metrics.example/' });
    expect([e.prometheusUrl, e.prometheus, e.prometheusConfigured]).toEqual([
      'https://metrics.example',
      { host: 'metrics.example', port: 443 },
      true,
    ]);
  });

  it('follows KAFKA_BROKERS, OTEL_EXPORTER_OTLP_ENDPOINT and JAEGER_QUERY_URL', () => {
    const e = endpointsFromEnv({
      KAFKA_BROKERS: 'k1:29092,k2:29092',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4317',
      JAEGER_QUERY_URL: 'http://jaeger:16686/',
    });
    expect(e.brokers.map((b) => b.host)).toEqual(['k1', 'k2']);
    expect(e.otlp.host).toBe('jaeger');
    expect(e.queryUrl).toBe('http://jaeger:16686');
    expect(e.kafkaConfigured && e.otlpConfigured).toBe(true);
  });
});

describe('cacheKey', () => {
  it('changes when the pinned inputs change', () => {
    expect(cacheKey('a')).toBe(cacheKey('a'));
    expect(cacheKey('a')).not.toBe(cacheKey('b'));
  });
});

describe('renderKafkaProperties with SASL/SCRAM', () => {
  const text = renderKafkaProperties({
    dataDir: '/d',
    port: 19092,
    controllerPort: 19093,
    scram: { internalPort: 19094 },
  });

  it("asks clients for SCRAM-SHA-512 and keeps the broker's own traffic on a loopback listener", () => {
    expect(text).toContain(
      'listeners=SASL_PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093,INTERNAL://127.0.0.1:19094',
    );
    expect(text).toContain('sasl.enabled.mechanisms=SCRAM-SHA-512');
    expect(text).toContain('inter.broker.listener.name=INTERNAL');
  });
});

describe('a three-node cluster', () => {
  const nodes = kafkaNodes(3);
  const propsOf = (nodeId: number) =>
    Object.fromEntries(
      renderKafkaProperties({ dataDir: `/d/${nodeId}`, ...nodes[nodeId - 1], voters: nodes, nodeId })
        .trim()
        .split('\n')
        .map((line: string) => line.split(/=(.*)/s).slice(0, 2)),
    );

  it('puts node 1 where the one-node stack listens and the others two ports apart', () => {
    expect(nodes).toEqual([
      { nodeId: 1, port: 9092, controllerPort: 9093 },
      { nodeId: 2, port: 9094, controllerPort: 9095 },
      { nodeId: 3, port: 9096, controllerPort: 9097 },
    ]);
  });

  it('makes each node a broker and a controller of one quorum of three, on its own ports', () => {
    for (const n of nodes) {
      const props = propsOf(n.nodeId);
      expect(props['node.id']).toBe(String(n.nodeId));
      expect(props['process.roles']).toBe('broker,controller');
      expect(props['controller.quorum.voters']).toBe('1@127.0.0.1:9093,2@127.0.0.1:9095,3@127.0.0.1:9097');
      expect(props['listeners']).toBe(`PLAINTEXT://127.0.0.1:${n.port},CONTROLLER://127.0.0.1:${n.controllerPort}`);
      expect(props['log.dirs']).toBe(`/d/${n.nodeId}`);
    }
  });

  it("replicates topics and Kafka's own state three times, writes needing two in sync; one node keeps one copy", () => {
    const props = propsOf(2);
    const single = Object.fromEntries(
      renderKafkaProperties({ dataDir: '/d' })
        .trim()
        .split('\n')
        .map((line: string) => line.split(/=(.*)/s).slice(0, 2)),
    );
    const replication = (p: Record<string, string>) =>
      [
        'default.replication.factor',
        'min.insync.replicas',
        'offsets.topic.replication.factor',
        'transaction.state.log.replication.factor',
        'transaction.state.log.min.isr',
        'share.coordinator.state.topic.replication.factor',
        'share.coordinator.state.topic.min.isr',
      ].map((k) => p[k]);
    expect(replication(props)).toEqual(['3', '2', '3', '3', '2', '3', '2']);
    expect(replication(single)).toEqual(['1', '1', '1', '1', '1', '1', '1']);
    // A dead node is fenced (its leaderships moved, dropped from the in-sync replicas) after 3 s.
    expect(
      ['broker.session.timeout.ms', 'broker.heartbeat.interval.ms', 'controller.quorum.fetch.timeout.ms'].map(
        (k) => props[k],
      ),
    ).toEqual(['3000', '500', '1000']);
    expect(single['broker.session.timeout.ms']).toBeUndefined();
  });

  it('is chosen by ITUNA_KAFKA_NODES (1 or 3), refusing other counts by name', () => {
    expect(kafkaNodeCountFromEnv({})).toBeUndefined();
    expect(kafkaNodeCountFromEnv({ ITUNA_KAFKA_NODES: ' 3 ' })).toBe(3);
    expect(kafkaNodeCountFromEnv({ ITUNA_KAFKA_NODES: '1' })).toBe(1);
    for (const bad of ['2', '5', 'three', '0'])
      expect(() => kafkaNodeCountFromEnv({ ITUNA_KAFKA_NODES: bad })).toThrow(
        `ITUNA_KAFKA_NODES must be 1 or 3 (a quorum needs an odd count); got "${bad}"`,
      );
  });

  it('gives the services every node to bootstrap from, unless KAFKA_BROKERS says otherwise', () => {
    expect(endpointsFromEnv({}, 3).brokers).toEqual([
      { host: '127.0.0.1', port: 9092 },
      { host: '127.0.0.1', port: 9094 },
      { host: '127.0.0.1', port: 9096 },
    ]);
    expect(endpointsFromEnv({ KAFKA_BROKERS: 'k:1' }, 3).brokers).toEqual([{ host: 'k', port: 1 }]);
  });
});

describe('instances of a service', () => {
  it('reads --instances as counts per named service', () => {
    expect(parseInstanceCounts(' order-validation=2, kitchen-service = 3 ', 'x')).toEqual({
      'order-validation': 2,
      'kitchen-service': 3,
    });
    expect(parseInstanceCounts('', 'x')).toEqual({});
  });

  it('gives instance k its own port (100 apart) and service.instance.id, the user keeping the last word', () => {
    expect(instanceEnv('order-validation', 1, {})).toEqual({
      PORT: '3004',
      OTEL_RESOURCE_ATTRIBUTES: 'service.instance.id=order-validation-1',
    });
    expect(instanceEnv('kitchen-service', 3, { OTEL_RESOURCE_ATTRIBUTES: 'team=sushi' })).toEqual({
      PORT: '3205',
      OTEL_RESOURCE_ATTRIBUTES: 'service.instance.id=kitchen-service-3,team=sushi',
    });
  });
});

describe('the metrics part of the stack', () => {
  it('runs Prometheus unless ITUNA_METRICS=off, and refuses another value by name', () => {
    expect(wantedComponents({})).toEqual(['kafka', 'jaeger', 'prometheus']);
    expect(wantedComponents({ ITUNA_METRICS: ' OFF ' })).toEqual(['kafka', 'jaeger']);
    expect(() => wantedComponents({ ITUNA_METRICS: 'yes' })).toThrow(
      'ITUNA_METRICS must be prometheus or off; got "yes"',
    );
  });

  it("scrapes Jaeger's spanmetrics port and the insights page's /metrics on loopback, where they listen", () => {
    const scrape = parse(readFileSync(paths.prometheusConfig, 'utf8'));
    const targets = Object.fromEntries(
      scrape.scrape_configs.map((c: { job_name: string; static_configs: { targets: string[] }[] }) => [
        c.job_name,
        c.static_configs[0].targets,
      ]),
    );
    expect(targets).toEqual({
      spanmetrics: [`127.0.0.1:${defaults.jaeger.spanmetricsPort}`],
      'kafka-lag': [`127.0.0.1:${INSIGHTS_PORT}`],
    });
    const spanmetrics = readFileSync(paths.jaegerSpanmetricsConfig, 'utf8');
    expect(spanmetrics).toContain(`\${env:JAEGER_SPANMETRICS_PORT:-${defaults.jaeger.spanmetricsPort}}`);
    expect(scrape.global.scrape_interval).toBe('5s');
  });

  it('runs Prometheus with the committed scrape config, its data under .stack and a 48 h retention', () => {
    expect(prometheusArgs({ host: '127.0.0.1', port: 9090 })).toEqual([
      `--config.file=${paths.prometheusConfig}`,
      `--storage.tsdb.path=${paths.prometheusDir}/data`,
      '--storage.tsdb.retention.time=48h',
      '--web.listen-address=127.0.0.1:9090',
    ]);
  });
});
