import type { KafkaCodec } from './codec';

// kafkajs-snappy ships no typings; its export is the codec factory.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const kafkajsSnappy: () => KafkaCodec = require('kafkajs-snappy');

/**
 * Snappy with kafkajs-snappy (snappyjs underneath: pure JavaScript). It reads both raw snappy
 * (librdkafka) and the xerial framing the Java client writes.
 */
export const snappyCodec = (): KafkaCodec => kafkajsSnappy();
