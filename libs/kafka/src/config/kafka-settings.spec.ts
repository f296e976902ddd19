import { CompressionTypes } from 'kafkajs';
import { kafkaSettings } from './kafka-settings';

describe('kafkaSettings: the environment read once', () => {
  it('defaults: no compression, idempotent, exactly-once, the service name as transactional id prefix', () => {
    expect(kafkaSettings('kitchen-service', {})).toMatchObject({
      serviceName: 'kitchen-service',
      compression: CompressionTypes.None,
      idempotent: true,
      delivery: 'exactly-once',
      transactionalIdPrefix: 'kitchen-service',
      policy: { attempts: 3, backoffMs: 300 },
      client: { clientId: 'kitchen-service', brokers: ['127.0.0.1:9092'] },
    });
  });

  it('reads every codec by name, the delivery mode and the transactional id prefix', () => {
    expect(
      kafkaSettings('k', {
        KAFKA_COMPRESSION: ' LZ4 ',
        ITUNA_DELIVERY: 'at-least-once',
        ITUNA_TRANSACTIONAL_ID: 'blue',
        KAFKA_IDEMPOTENT: 'false',
      }),
    ).toMatchObject({
      compression: CompressionTypes.LZ4,
      delivery: 'at-least-once',
      transactionalIdPrefix: 'blue',
      idempotent: false,
    });
    expect(kafkaSettings('k', { KAFKA_COMPRESSION: 'zstd' }).compression).toBe(CompressionTypes.ZSTD);
  });

  it('refuses an unknown codec, naming the variable and the choices', () => {
    expect(() => kafkaSettings('k', { KAFKA_COMPRESSION: 'brotli' })).toThrow(
      'KAFKA_COMPRESSION must be one of none, gzip, snappy, lz4, zstd (got "brotli")',
    );
  });
});
