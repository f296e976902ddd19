import { CompressionCodecs, CompressionTypes } from 'kafkajs';
import { lz4Codec } from './lz4.codec';
import { snappyCodec } from './snappy.codec';
import { zstdCodec } from './zstd.codec';

/** What `KAFKA_COMPRESSION` may say, and the kafkajs type each means. */
export const COMPRESSION_TYPES = {
  none: CompressionTypes.None,
  gzip: CompressionTypes.GZIP,
  snappy: CompressionTypes.Snappy,
  lz4: CompressionTypes.LZ4,
  zstd: CompressionTypes.ZSTD,
} as const;

export type CompressionName = keyof typeof COMPRESSION_TYPES;

/**
 * Registers every codec Kafka has with kafkajs, which decodes only gzip by itself: without this a
 * batch that another producer compressed with snappy, lz4 or zstd crashes the consumer for good.
 * Idempotent; kafkajs keeps codecs in one module-wide table, so once per process is enough.
 */
export function registerCompressionCodecs(): void {
  const codecs = CompressionCodecs as unknown as Record<number, unknown>;
  codecs[CompressionTypes.Snappy] = snappyCodec;
  codecs[CompressionTypes.LZ4] = lz4Codec;
  codecs[CompressionTypes.ZSTD] = zstdCodec;
}
