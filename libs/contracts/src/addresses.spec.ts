import { DEFAULT_JAEGER_QUERY_URL, DEFAULT_KAFKA_BROKERS, jaegerQueryUrlFrom, kafkaBrokersFrom } from './addresses';

describe('default addresses', () => {
  it('are the local stack unless the environment names others', () => {
    expect(kafkaBrokersFrom({})).toEqual([DEFAULT_KAFKA_BROKERS]);
    expect(kafkaBrokersFrom({ KAFKA_BROKERS: ' ' })).toEqual([DEFAULT_KAFKA_BROKERS]);
    expect(jaegerQueryUrlFrom({})).toBe(DEFAULT_JAEGER_QUERY_URL);
  });

  it('read KAFKA_BROKERS as a trimmed list without empty entries', () => {
    expect(kafkaBrokersFrom({ KAFKA_BROKERS: ' k1:9092, k2:9092,,' })).toEqual(['k1:9092', 'k2:9092']);
  });

  it('read JAEGER_QUERY_URL without a trailing slash', () => {
    expect(jaegerQueryUrlFrom({ JAEGER_QUERY_URL: 'http://jaeger:16686/' })).toBe('http://jaeger:16686');
  });
});
