import { join } from 'node:path';
import { z } from 'zod';
import { envTable, envWholeNumber, envOptional, parseEnv, syncGeneratedSection } from '@ituna/contracts';
import { KafkaEnvSchema } from '@ituna/kafka';
import { loadItunaConfig } from './ituna.config';
import { ServiceEnvSchema } from './service-env.schema';

const PAGE = join(__dirname, '..', '..', '..', 'docs', 'configuration.md');

describe('loadItunaConfig: the common variables, checked at start', () => {
  it('gives the defaults for an empty environment (and for empty values)', () => {
    const config = loadItunaConfig('kitchen-service', { LOG_LEVEL: '', PORT: '' });
    expect(config).toEqual({ port: 3005, host: '0.0.0.0', bodyLimit: '64kb', log: { level: 'info' }, faults: {} });
  });

  it('reads each variable', () => {
    const config = loadItunaConfig('order-validation', {
      PORT: '4004',
      HOST: '127.0.0.1',
      ITUNA_BODY_LIMIT: '1mb',
      LOG_LEVEL: 'debug',
      LOG_FORMAT: 'json',
      ITUNA_FAULTS: '{"cook-order":{"extraDelayMs":5}}',
      ITUNA_FAULTS_FILE: '/tmp/f.json',
    });
    expect(config).toEqual({
      port: 4004,
      host: '127.0.0.1',
      bodyLimit: '1mb',
      log: { level: 'debug', format: 'json' },
      faults: { inline: '{"cook-order":{"extraDelayMs":5}}', file: '/tmp/f.json' },
    });
  });

  it.each([
    ['PORT', '-1', 'PORT must be a whole number from 0 to 65535 (got "-1")'],
    ['PORT', '70000', 'PORT must be a whole number from 0 to 65535 (got "70000")'],
    ['LOG_LEVEL', 'verbose', 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "verbose")'],
    ['LOG_FORMAT', 'yaml', 'LOG_FORMAT must be json or pretty (got "yaml")'],
    ['ITUNA_BODY_LIMIT', 'big', 'ITUNA_BODY_LIMIT must be a size such as 64kb or 1mb (got "big")'],
    ['ITUNA_FAULTS', '{"cook-order":', 'ITUNA_FAULTS must be a faults document: faults: not JSON'],
    ['ITUNA_ZERO_DELAYS', 'yes', 'ITUNA_ZERO_DELAYS must be true or false (got "yes")'],
    ['ITUNA_TRUST_INCOMING_TRACE_CONTEXT', 'no', 'ITUNA_TRUST_INCOMING_TRACE_CONTEXT must be true or false (got "no")'],
    ['KAFKA_COMPRESSION', 'brotli', 'KAFKA_COMPRESSION must be one of none, gzip, snappy, lz4, zstd (got "brotli")'],
  ])('refuses %s=%j, naming it', (name, value, message) => {
    expect(() => loadItunaConfig('kitchen-service', { [name]: value })).toThrow(`invalid configuration: ${message}`);
  });

  it('names every bad variable at once', () => {
    expect(() => loadItunaConfig('kitchen-service', { PORT: 'x', LOG_FORMAT: 'yaml' })).toThrow(
      /PORT must be .*; LOG_FORMAT must be json or pretty/,
    );
  });
});

describe('ServiceEnvSchema: what a service extends with its own variables', () => {
  const KitchenLike = z.object({ ...ServiceEnvSchema.shape, LEDGER: envOptional(envWholeNumber(1)) });

  it("checks the service's own variables with the common ones", () => {
    expect(() => parseEnv(KitchenLike, { LEDGER: '0', LOG_FORMAT: 'xml' })).toThrow(
      /LOG_FORMAT must be json or pretty .*; LEDGER must be a whole number >= 1/,
    );
    expect(parseEnv(KitchenLike, { LEDGER: '7' })).toMatchObject({ LEDGER: 7 });
  });
});

describe('docs/configuration.md', () => {
  it("lists every service's common variables as ServiceEnvSchema declares them (npm run docs:config writes it)", () => {
    const table = envTable(ServiceEnvSchema, Object.keys(KafkaEnvSchema.shape));
    const { current, expected } = syncGeneratedSection(PAGE, 'libs/runtime ServiceEnvSchema', table, {
      write: process.env.ITUNA_UPDATE_DOCS === 'true',
    });
    expect(current).toBe(expected);
  });
});
