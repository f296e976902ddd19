import { createHash } from 'node:crypto';
import { BadRequestException } from '@nestjs/common';
import { v5 as uuidv5 } from 'uuid';
import type { Channel } from '@ituna/contracts';

/** The request header of the IETF httpapi draft "The Idempotency-Key HTTP Header Field". */
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';

/** Namespace of the order ids derived from keys (a fixed random UUID: ids stay the same across releases). */
const ORDER_ID_NAMESPACE = '6d1f3c62-5b0e-4a4f-9a44-1f6f2b8e9c17';

const VISIBLE_ASCII = /^[\x21-\x7e]{1,255}$/;

/** The key, undefined without the header, or 400 when it is not 1 to 255 visible ASCII characters. */
export function parseIdempotencyKey(raw: string | string[] | undefined): string | undefined {
  if (raw === undefined) return undefined;
  if (Array.isArray(raw) || !VISIBLE_ASCII.test(raw)) {
    throw new BadRequestException('Idempotency-Key must be one value of 1 to 255 visible ASCII characters');
  }
  return raw;
}

/** The order id of a key on a channel (UUID v5): the same key always names the same order. */
export function orderIdForKey(channel: Channel, key: string): string {
  return uuidv5(`${channel}:${key}`, ORDER_ID_NAMESPACE);
}

/** A digest of a request body that does not depend on the order of its keys. */
export function bodyDigest(body: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(sortKeys(body)))
    .digest('base64url');
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
  );
}
