import type { KafkaCodec } from './codec';

interface Lz4js {
  compressBound(n: number): number;
  compressBlock(src: Uint8Array, dst: Uint8Array, sIndex: number, sLength: number, hashTable: Uint32Array): number;
  decompress(src: Uint8Array): ArrayLike<number>;
}
// lz4js ships no typings.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const lz4: Lz4js = require('lz4js');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const xxh32: { hash(seed: number, src: Uint8Array, index: number, length: number): number } = require('lz4js/xxh32');

const MAGIC = 0x184d2204;
/** FLG: version 01, blocks independent (Kafka refuses dependent blocks), no checksums or content size. */
const FLG = 0x60;
/** BD: 64 KB blocks, as Kafka's Java client writes them. */
const BD = 0x40;
const BLOCK_BYTES = 64 * 1024;
const UNCOMPRESSED = 0x80000000;

/**
 * One LZ4 frame as Kafka reads it (KIP-57): lz4js's frame writer marks blocks as dependent, which
 * the broker refuses ("Dependent block stream is unsupported"), so the frame is written here
 * around lz4js's block compressor, each block on its own.
 */
export function lz4Frame(src: Buffer): Buffer {
  const header = Buffer.alloc(7);
  header.writeUInt32LE(MAGIC, 0);
  header[4] = FLG;
  header[5] = BD;
  header[6] = (xxh32.hash(0, header, 4, 2) >>> 8) & 0xff;
  const parts: Buffer[] = [header];
  const hashTable = new Uint32Array(1 << 16);
  const block = Buffer.alloc(lz4.compressBound(BLOCK_BYTES));
  for (let start = 0; start < src.length; start += BLOCK_BYTES) {
    const length = Math.min(BLOCK_BYTES, src.length - start);
    hashTable.fill(0);
    const compressed = lz4.compressBlock(src, block, start, length, hashTable);
    const size = Buffer.alloc(4);
    if (compressed === 0 || compressed >= length) {
      size.writeUInt32LE((UNCOMPRESSED | length) >>> 0);
      parts.push(size, src.subarray(start, start + length));
    } else {
      size.writeUInt32LE(compressed);
      parts.push(size, Buffer.from(block.subarray(0, compressed)));
    }
  }
  parts.push(Buffer.alloc(4)); // end mark
  return Buffer.concat(parts);
}

/**
 * LZ4 in the frame format Kafka uses since message format v1, with lz4js: pure JavaScript, so no
 * native add-on is built. Frames from the Java client and librdkafka decode too.
 */
export const lz4Codec = (): KafkaCodec => ({
  compress: async (encoder) => lz4Frame(encoder.buffer),
  decompress: async (buffer) => Buffer.from(lz4.decompress(buffer) as Uint8Array),
});
