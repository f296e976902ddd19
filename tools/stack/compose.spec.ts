import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

// No Docker engine runs here, so the compose file is checked as data.
describe('docker-compose.yml', () => {
  const compose = parse(readFileSync(join(__dirname, '..', '..', 'docker-compose.yml'), 'utf8'));

  it('pins the same Kafka and Jaeger versions as the native stack', () => {
    expect(compose.services.kafka.image).toBe('apache/kafka:4.3.1');
    expect(compose.services.jaeger.image).toBe('jaegertracing/jaeger:2.13.0');
  });

  it('gives Kafka a listener for the host and one for containers', () => {
    const env = compose.services.kafka.environment;
    expect(env.KAFKA_ADVERTISED_LISTENERS).toMatch(/HOST:\/\/127\.0\.0\.1:9092/);
    expect(env.KAFKA_ADVERTISED_LISTENERS).toMatch(/DOCKER:\/\/kafka:19092/);
    expect(env.KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS).toBe(0);
  });

  it('publishes the ports the native stack uses and health-checks both', () => {
    expect(compose.services.kafka.ports).toContain('9092:9092');
    expect(compose.services.jaeger.ports).toEqual(expect.arrayContaining(['4317:4317', '16686:16686', '13133:13133']));
    expect(compose.services.kafka.healthcheck.test).toBeDefined();
    expect(compose.services.jaeger.healthcheck.test).toBeDefined();
  });

  it('runs Jaeger with the committed config', () => {
    expect(compose.services.jaeger.volumes[0]).toMatch(/^\.\/tools\/stack\/jaeger\/config\.yaml:/);
  });
});

describe('docker-compose.yml services', () => {
  const compose = parse(readFileSync(join(__dirname, '..', '..', 'docker-compose.yml'), 'utf8'), { merge: true });
  const services = { 'website-ordering': 3001, 'onsite-ordering': 3002, 'direct-kitchen-ordering': 3003, 'order-validation': 3004, 'kitchen-service': 3005 };

  it.each(Object.entries(services))('builds %s from the one Dockerfile, wired to kafka and jaeger on port %s', (name, port) => {
    const svc = compose.services[name];
    expect(svc.build).toEqual({ context: '.', args: { APP: name } });
    expect(svc.ports).toEqual([`${port}:${port}`]);
    expect(svc.environment).toMatchObject({ KAFKA_BROKERS: 'kafka:19092', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4317', PORT: String(port) });
    expect(svc.depends_on).toEqual({ kafka: { condition: 'service_healthy' }, jaeger: { condition: 'service_healthy' } });
  });
});
