import { DLQ_HEADERS } from '@ituna/contracts';
import { DEFAULT_DEAD_LETTER_LIMITS, fitDeadLetter } from './dead-letter-record';

const ours = { [DLQ_HEADERS.reason]: 'not JSON: unexpected token', [DLQ_HEADERS.sourceTopic]: 'ituna-orders' };
const recordSize = (r: ReturnType<typeof fitDeadLetter>) =>
  Buffer.byteLength(r.key ?? '') +
  Buffer.byteLength(r.value ?? '') +
  Object.entries(r.headers).reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v), 0);

describe('fitDeadLetter', () => {
  it('keeps a small message whole, with its headers and ours', () => {
    const r = fitDeadLetter(
      { key: 'k', value: Buffer.from('abc'), headers: { traceparent: '00-1-2-01', 'x-origin': Buffer.from('e2e') } },
      ours,
    );
    expect(r.key).toBe('k');
    expect(r.value!.toString()).toBe('abc');
    expect(r.headers).toEqual({ traceparent: '00-1-2-01', 'x-origin': Buffer.from('e2e'), ...ours });
  });

  it('fits a 500 kB value with 600 kB of headers under the record limit, saying what was cut', () => {
    const headers = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`h${i}`, Buffer.alloc(10_000, 'h')]));
    const r = fitDeadLetter({ key: 'k', value: Buffer.alloc(500_000, 'v'), headers }, ours);
    expect(recordSize(r)).toBeLessThanOrEqual(DEFAULT_DEAD_LETTER_LIMITS.recordBytes);
    expect(Number(r.headers[DLQ_HEADERS.headersDropped])).toBeGreaterThan(0);
    expect(r.headers[DLQ_HEADERS.reason]).toBe(ours[DLQ_HEADERS.reason]);
  });

  it('leaves out one oversized header and cuts an oversized value and key', () => {
    const r = fitDeadLetter(
      {
        key: Buffer.alloc(10_000, 'k'),
        value: Buffer.alloc(800_000, 'v'),
        headers: { big: Buffer.alloc(100_000), small: 'ok' },
      },
      ours,
    );
    expect(r.headers.big).toBeUndefined();
    expect(r.headers.small).toBe('ok');
    expect(r.headers[DLQ_HEADERS.headersDropped]).toBe('1');
    expect(r.headers[DLQ_HEADERS.truncatedFrom]).toBe('800000');
    expect(Buffer.byteLength(r.value!)).toBe(DEFAULT_DEAD_LETTER_LIMITS.keptValueBytes);
    expect(Buffer.byteLength(r.key!)).toBe(DEFAULT_DEAD_LETTER_LIMITS.keyBytes);
  });

  it("never lets an original header overwrite one of ours, and turns Nest's parsed header objects back into text", () => {
    const r = fitDeadLetter(
      { value: null, headers: { [DLQ_HEADERS.reason]: 'forged', parsed: { a: 1 }, gone: undefined } },
      ours,
    );
    expect(r.headers[DLQ_HEADERS.reason]).toBe(ours[DLQ_HEADERS.reason]);
    expect(r.headers.parsed).toBe('{"a":1}');
    expect('gone' in r.headers).toBe(false);
    expect(r.key).toBeNull();
  });
});
