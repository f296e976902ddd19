/** The shape kafkajs expects of a codec in `CompressionCodecs` (its typings leave it loose). */
export interface KafkaCodec {
  compress(encoder: { buffer: Buffer }): Promise<Buffer>;
  decompress(buffer: Buffer): Promise<Buffer>;
}
