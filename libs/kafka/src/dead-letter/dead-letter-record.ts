import { DLQ_HEADERS } from '@ituna/contracts';

/** Size limits of a dead-letter record, under the broker's `max.message.bytes` (1 MiB by default). */
export interface DeadLetterLimits {
  /** The whole record: key, value and headers. */
  recordBytes: number;
  /** A value larger than this is cut to `keptValueBytes`. */
  valueBytes: number;
  keptValueBytes: number;
  /** One original header (name and value); a larger one is left out. */
  headerBytes: number;
  /** All original headers together; those past it are left out. */
  headersBytes: number;
  /** A longer key is cut. */
  keyBytes: number;
}

export const DEFAULT_DEAD_LETTER_LIMITS: DeadLetterLimits = {
  recordBytes: 900 * 1024,
  valueBytes: 512 * 1024,
  keptValueBytes: 64 * 1024,
  headerBytes: 8 * 1024,
  headersBytes: 64 * 1024,
  keyBytes: 4 * 1024,
};

type Bytes = Buffer | string;

export interface DeadLetterRecord {
  key: Bytes | null;
  value: Bytes | null;
  headers: Record<string, Bytes>;
}

const size = (b: Bytes | null | undefined) => (b === null || b === undefined ? 0 : Buffer.byteLength(b));
const cut = (b: Bytes, bytes: number) => (Buffer.isBuffer(b) ? b : Buffer.from(b)).subarray(0, bytes);

/** Nest's parser turns header bytes into strings, or into objects when they look like JSON. */
function headerBytes(value: unknown): Bytes | undefined {
  if (value === undefined || value === null) return undefined;
  if (Buffer.isBuffer(value) || typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((v) => Buffer.isBuffer(v) || typeof v === 'string'))
    return value.map(String).join(',');
  return JSON.stringify(value);
}

/**
 * The record to dead-letter: the original key, value and headers, cut so that the whole fits the
 * limits, plus `ours` (the dead-letter headers, which always fit). What was cut is said in headers.
 */
export function fitDeadLetter(
  original: { key?: unknown; value?: unknown; headers: Record<string, unknown> },
  ours: Record<string, string>,
  limits: DeadLetterLimits = DEFAULT_DEAD_LETTER_LIMITS,
): DeadLetterRecord {
  const headers: Record<string, Bytes> = {};
  let headersBytes = 0;
  let dropped = 0;
  for (const [name, raw] of Object.entries(original.headers)) {
    const value = headerBytes(raw);
    if (value === undefined || name in ours) continue;
    const bytes = Buffer.byteLength(name) + size(value);
    if (bytes > limits.headerBytes || headersBytes + bytes > limits.headersBytes) {
      dropped += 1;
      continue;
    }
    headers[name] = value;
    headersBytes += bytes;
  }
  const extra: Record<string, string> = {};
  if (dropped) extra[DLQ_HEADERS.headersDropped] = String(dropped);

  const rawKey = (original.key ?? null) as Bytes | null;
  const key = rawKey !== null && size(rawKey) > limits.keyBytes ? cut(rawKey, limits.keyBytes) : rawKey;
  const rawValue = (original.value ?? null) as Bytes | null;
  const oursBytes =
    Object.entries(ours).reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v), 0) + 128;
  const room = Math.min(limits.valueBytes, limits.recordBytes - headersBytes - oursBytes - size(key));
  let value = rawValue;
  if (rawValue !== null && size(rawValue) > room) {
    value = cut(rawValue, Math.min(limits.keptValueBytes, Math.max(0, room)));
    extra[DLQ_HEADERS.truncatedFrom] = String(size(rawValue));
  }
  return { key, value, headers: { ...headers, ...ours, ...extra } };
}
