import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { DirectOrderBody, OnsiteOrderBody, TOPICS, WebsiteOrderBody } from '@ituna/contracts';
import type { Channel, Order, Topic } from '@ituna/contracts';
import type { PlacingDelayVariable } from './ordering-env.schema';

/** What makes one ordering service differ from the other two: everything else is shared. */
export interface OrderingChannel<Body> {
  /** The `POST /orders` body, validated by this schema (400 with the problems otherwise). */
  body: z.ZodType<Body>;
  /** The order's fields that come from the body (the rest: id, channel, items, time). */
  orderFields(body: Body): Pick<Order, 'customerId'> & Partial<Pick<Order, 'address' | 'table'>>;
  /** Where a placed order goes: direct orders skip validation. */
  topic: Topic;
  /** The simulated placing work of the original proof of concept. */
  placingDelay: { env: PlacingDelayVariable; defaultMs: number };
  /** "Placing an online order ...", as the original logged it. */
  words: string;
  /** The OpenAPI summary of `POST /orders`. */
  summary: string;
}

/** The body type of each channel's `POST /orders`. */
export interface ChannelBodies {
  website: WebsiteOrderBody;
  onsite: OnsiteOrderBody;
  direct: DirectOrderBody;
}

export const ORDERING_CHANNELS: { [C in Channel]: OrderingChannel<ChannelBodies[C]> } = {
  website: {
    body: WebsiteOrderBody,
    orderFields: (body) => ({ customerId: body.customerId ?? randomUUID(), address: body.address }),
    topic: TOPICS.orders,
    placingDelay: { env: 'ITUNA_DELAY_WEBSITE_MS', defaultMs: 2000 },
    words: 'an online',
    summary: 'Place an online order (delivered to an address)',
  },
  onsite: {
    body: OnsiteOrderBody,
    orderFields: (body) => ({ customerId: randomUUID(), table: body.table }),
    topic: TOPICS.orders,
    placingDelay: { env: 'ITUNA_DELAY_ONSITE_MS', defaultMs: 3000 },
    words: 'an on-site',
    summary: 'Place an on-site order (served at a table)',
  },
  direct: {
    body: DirectOrderBody,
    orderFields: () => ({ customerId: randomUUID() }),
    topic: TOPICS.kitchen,
    placingDelay: { env: 'ITUNA_DELAY_DIRECT_MS', defaultMs: 4000 },
    words: 'a direct',
    summary: 'Place a management order straight into the kitchen (no validation)',
  },
};
