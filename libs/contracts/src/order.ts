import { z } from 'zod';
import { MENU, isMenuItem } from './menu';

export const CHANNELS = ['website', 'onsite', 'direct'] as const;
export type Channel = (typeof CHANNELS)[number];

export const ORDER_LIMITS = {
  minItems: 1,
  maxItems: 8,
  minCount: 1,
  maxCount: 20,
  minTable: 1,
  maxTable: 15,
  maxAddressLength: 200,
} as const;

/** `{ "<MENU ITEM>": count }`: 1 to 8 distinct menu items, 1 to 20 of each. */
export const ItemsSchema = z
  .record(
    z.string(),
    z
      .number({ error: 'must be a number' })
      .int('must be a whole number')
      .min(ORDER_LIMITS.minCount, `must be at least ${ORDER_LIMITS.minCount}`)
      .max(ORDER_LIMITS.maxCount, `must be at most ${ORDER_LIMITS.maxCount}`),
  )
  .superRefine((items, ctx) => {
    for (const name of Object.keys(items)) {
      if (!isMenuItem(name))
        ctx.addIssue({ code: 'custom', path: [name], message: `unknown menu item; the menu is: ${MENU.join(', ')}` });
    }
    const n = Object.keys(items).length;
    if (n < ORDER_LIMITS.minItems || n > ORDER_LIMITS.maxItems) {
      ctx.addIssue({
        code: 'custom',
        message: `must hold ${ORDER_LIMITS.minItems} to ${ORDER_LIMITS.maxItems} distinct menu items (got ${n})`,
      });
    }
  })
  // What the refinement checks, said in JSON Schema for the API documents (z.toJSONSchema leaves refinements out).
  .meta({
    propertyNames: { enum: [...MENU] },
    minProperties: ORDER_LIMITS.minItems,
    maxProperties: ORDER_LIMITS.maxItems,
  });

// Printable text only: control characters in an address are refused, not stored.
const Address = z
  .string({ error: 'must be a string' })
  .trim()
  .min(1, 'must not be empty')
  .max(ORDER_LIMITS.maxAddressLength, `must be at most ${ORDER_LIMITS.maxAddressLength} characters`)
  .regex(/^[^\p{Cc}]*$/u, 'must not contain control characters');

const Table = z
  .number({ error: 'must be a number' })
  .int('must be a whole number')
  .min(ORDER_LIMITS.minTable, `must be ${ORDER_LIMITS.minTable} to ${ORDER_LIMITS.maxTable}`)
  .max(ORDER_LIMITS.maxTable, `must be ${ORDER_LIMITS.minTable} to ${ORDER_LIMITS.maxTable}`);

/** The order value on Kafka (a contract). */
export const OrderSchema = z
  .strictObject({
    orderId: z.uuid('must be a UUID'),
    customerId: z.uuid('must be a UUID'),
    channel: z.enum(CHANNELS),
    items: ItemsSchema,
    address: Address.optional(),
    table: Table.optional(),
    placedAt: z.iso.datetime({ offset: true, error: 'must be an ISO-8601 date-time' }),
  })
  .superRefine((order, ctx) => {
    if (order.channel === 'website' && order.address === undefined)
      ctx.addIssue({ code: 'custom', path: ['address'], message: 'is required for website orders' });
    if (order.channel === 'onsite' && order.table === undefined)
      ctx.addIssue({ code: 'custom', path: ['table'], message: 'is required for on-site orders' });
  });

export type Order = z.infer<typeof OrderSchema>;
export type OrderItems = Order['items'];

/** HTTP bodies of `POST /orders`, one per ordering service. Unknown fields are refused. */
export const WebsiteOrderBody = z.strictObject({
  customerId: z.uuid('must be a UUID').optional(),
  items: ItemsSchema,
  address: Address,
});
export const OnsiteOrderBody = z.strictObject({ table: Table, items: ItemsSchema });
export const DirectOrderBody = z.strictObject({ items: ItemsSchema });

export type WebsiteOrderBody = z.infer<typeof WebsiteOrderBody>;
export type OnsiteOrderBody = z.infer<typeof OnsiteOrderBody>;
export type DirectOrderBody = z.infer<typeof DirectOrderBody>;

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  return path.reduce<unknown>(
    (v, key) => (v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[key] : undefined),
    input,
  );
}

/** One readable sentence per problem, naming the field and the rule. */
export function describeIssues(error: z.ZodError, input: unknown, max = 5): string {
  const shown = error.issues.slice(0, max);
  const more = error.issues.length > max ? `; and ${error.issues.length - max} more problems` : '';
  return (
    shown
      .map((issue) => {
        const path = issue.path.map(String).join('.');
        if (issue.code === 'unrecognized_keys')
          return `${issue.keys.map((k) => (path ? `${path}.${k}` : k)).join(', ')}: unknown field`;
        if (issue.code === 'invalid_type' && path && valueAt(input, issue.path) === undefined)
          return `${path}: is required`;
        return `${path || 'body'}: ${issue.message}`;
      })
      .join('; ') + more
  );
}
