import type { TextMapGetter, TextMapSetter } from '@opentelemetry/api';

/** Kafka header values as kafkajs and Nest's parser hand them over. */
export type KafkaHeaderValue = Buffer | string | (Buffer | string)[] | null | undefined;
export type KafkaHeaders = Record<string, KafkaHeaderValue>;

/** Reads W3C context from Kafka headers whether they hold Buffers (kafkajs) or strings (Nest). */
export const kafkaHeadersGetter: TextMapGetter<KafkaHeaders> = {
  keys: (carrier) => (carrier ? Object.keys(carrier) : []),
  get: (carrier, key) => {
    const value = carrier?.[key];
    if (value === null || value === undefined) return undefined;
    if (Array.isArray(value)) return value.length ? value[0].toString() : undefined;
    return value.toString();
  },
};

/** Writes string headers, which kafkajs encodes as UTF-8. */
export const kafkaHeadersSetter: TextMapSetter<KafkaHeaders> = {
  set: (carrier, key, value) => {
    carrier[key] = value;
  },
};
