import { CompressionCodecs, CompressionTypes } from 'kafkajs';
import { zstdCompressSync } from 'node:zlib';
import { registerCompressionCodecs } from './compression';

const codec = (type: CompressionTypes) =>
  (
    CompressionCodecs as unknown as Record<
      number,
      () => { compress(e: { buffer: Buffer }): Promise<Buffer>; decompress(b: Buffer): Promise<Buffer> }
    >
  )[type]();

describe('registerCompressionCodecs', () => {
  beforeAll(() => registerCompressionCodecs());
  const payload = Buffer.from(JSON.stringify({ orderId: '6f1c', items: { 'ITUNA ROLL': 2 }, note: 'x'.repeat(5000) }));

  it.each([
    ['snappy', CompressionTypes.Snappy],
    ['lz4', CompressionTypes.LZ4],
    ['zstd', CompressionTypes.ZSTD],
  ])('registers %s so that what it compresses decompresses to the same bytes, smaller', async (_, type) => {
    const compressed = await codec(type).compress({ buffer: payload });
    expect(compressed.length).toBeLessThan(payload.length / 4);
    expect(Buffer.compare(await codec(type).decompress(compressed), payload)).toBe(0);
  });

  it('writes LZ4 frames with independent 64 KB blocks and a valid header checksum, as Kafka requires', async () => {
    const big = Buffer.concat(Array.from({ length: 40 }, (_, i) => Buffer.from(`order ${i} `.repeat(500))));
    const frame = await codec(CompressionTypes.LZ4).compress({ buffer: big });
    expect(frame.readUInt32LE(0)).toBe(0x184d2204);
    expect(frame[4]).toBe(0x60);
    expect(frame[5]).toBe(0x40);
    expect(Buffer.compare(await codec(CompressionTypes.LZ4).decompress(frame), big)).toBe(0);
  });

  it('reads a Zstandard frame made by another encoder (the reference library in Node)', async () => {
    expect((await codec(CompressionTypes.ZSTD).decompress(zstdCompressSync(payload))).toString()).toBe(
      payload.toString(),
    );
  });

  it('reads snappy in the xerial framing the Java client writes', async () => {
    const raw = await codec(CompressionTypes.Snappy).compress({ buffer: payload });
    // xerial: magic, version 1, compatible version 1, then <length><block> chunks.
    const header = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00, 0, 0, 0, 1, 0, 0, 0, 1]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(raw.length);
    const framed = Buffer.concat([header, length, raw]);
    expect(Buffer.compare(await codec(CompressionTypes.Snappy).decompress(framed), payload)).toBe(0);
  });
});
