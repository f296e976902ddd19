import { join } from 'node:path';
import { envTable, syncGeneratedSection } from '@ituna/contracts';
import { KafkaEnvSchema, kafkaEnv } from './kafka-env.schema';

const PAGE = join(__dirname, '..', '..', '..', '..', 'docs', 'configuration.md');

describe('kafkaEnv: libs/kafka variables, checked', () => {
  it('reads each variable in the forms the README gives', () => {
    expect(
      kafkaEnv({
        KAFKA_BROKERS: 'k1:9092, k2:9093',
        KAFKA_SSL: 'TRUE',
        KAFKA_SSL_REJECT_UNAUTHORIZED: 'false',
        KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
        KAFKA_SASL_USERNAME: 'user',
        KAFKA_SASL_PASSWORD: 'secret',
        KAFKA_COMPRESSION: ' zstd ',
        KAFKA_IDEMPOTENT: 'false',
        ITUNA_DELIVERY: 'at-least-once',
        ITUNA_HANDLER_ATTEMPTS: '5',
        ITUNA_HANDLER_BACKOFF_MS: '0',
      }),
    ).toMatchObject({
      KAFKA_SSL: true,
      KAFKA_SSL_REJECT_UNAUTHORIZED: false,
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_COMPRESSION: 'zstd',
      KAFKA_IDEMPOTENT: false,
      ITUNA_DELIVERY: 'at-least-once',
      ITUNA_HANDLER_ATTEMPTS: 5,
      ITUNA_HANDLER_BACKOFF_MS: 0,
    });
  });

  it.each([
    ['KAFKA_BROKERS', 'localhost', 'KAFKA_BROKERS must be host:port[,host:port...] (got "localhost")'],
    ['KAFKA_SSL', 'yes', 'KAFKA_SSL must be true or false (got "yes")'],
    ['KAFKA_IDEMPOTENT', '0', 'KAFKA_IDEMPOTENT must be true or false (got "0")'],
    ['KAFKA_SASL_MECHANISM', 'gssapi', 'KAFKA_SASL_MECHANISM must be one of scram-sha-512, scram-sha-256, plain'],
    ['ITUNA_HANDLER_ATTEMPTS', '0', 'ITUNA_HANDLER_ATTEMPTS must be a whole number from 1 to 100 (got "0")'],
  ])('refuses %s=%j, naming it', (name, value, message) => {
    expect(() => kafkaEnv({ [name]: value })).toThrow(`invalid configuration: ${message}`);
  });

  it('names every bad variable at once', () => {
    const err = (() => {
      try {
        kafkaEnv({ KAFKA_SSL: 'maybe', ITUNA_DELIVERY: 'never', KAFKA_COMPRESSION: 'brotli' });
      } catch (e) {
        return (e as Error).message;
      }
      return '';
    })();
    expect(err).toMatch(/KAFKA_SSL must be true or false.*KAFKA_COMPRESSION must be .*ITUNA_DELIVERY must be/s);
  });

  it('checks the variables that go together: SASL credentials, a readable CA file', () => {
    expect(() => kafkaEnv({ KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'u' })).toThrow(
      'invalid configuration: KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD are required when KAFKA_SASL_MECHANISM is set',
    );
    expect(() => kafkaEnv({ KAFKA_SSL_CA_FILE: '/nonexistent/ca.pem' })).toThrow(
      'KAFKA_SSL_CA_FILE must be a file this process can read (got "/nonexistent/ca.pem")',
    );
    expect(
      kafkaEnv({ KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' }),
    ).toMatchObject({
      KAFKA_SASL_MECHANISM: 'plain',
    });
  });
});

describe('docs/configuration.md', () => {
  it("lists libs/kafka's variables as KafkaEnvSchema declares them (npm run docs:config writes it)", () => {
    const { current, expected } = syncGeneratedSection(PAGE, 'libs/kafka KafkaEnvSchema', envTable(KafkaEnvSchema), {
      write: process.env.ITUNA_UPDATE_DOCS === 'true',
    });
    expect(current).toBe(expected);
  });
});
