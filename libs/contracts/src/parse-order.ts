import { describeJsonError } from './json-error';
import { OrderSchema, describeIssues, type Order } from './order';

export type ParsedOrder = { ok: true; order: Order } | { ok: false; reason: string };

/** Reads an order from a Kafka value; explains in one line why a value is not an order. */
export function parseOrder(value: Buffer | string | null | undefined): ParsedOrder {
  if (value === null || value === undefined || value.length === 0)
    return { ok: false, reason: 'empty value: not an order' };
  let text: string;
  try {
    text = Buffer.isBuffer(value) ? new TextDecoder('utf-8', { fatal: true }).decode(value) : value;
  } catch {
    return { ok: false, reason: 'not JSON: not UTF-8 text' };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, reason: describeJsonError(err, text) };
  }
  const result = OrderSchema.safeParse(json);
  if (!result.success)
    return { ok: false, reason: `not a valid order: ${describeIssues(result.error, json).slice(0, 1000)}` };
  return { ok: true, order: result.data };
}
