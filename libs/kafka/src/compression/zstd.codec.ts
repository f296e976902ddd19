import { promisify } from 'node:util';
import * as zlib from 'node:zlib';
import type { KafkaCodec } from './codec';

const compress = promisify(zlib.zstdCompress);
const decompress = promisify(zlib.zstdDecompress);

/** Zstandard with Node's own zlib (built in since Node 22.15), so no native add-on is built. */
export const zstdCodec = (): KafkaCodec => ({
  compress: (encoder) => compress(encoder.buffer),
  decompress: (buffer) => decompress(buffer),
});
