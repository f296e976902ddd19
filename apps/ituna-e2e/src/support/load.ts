import { randomUUID } from 'node:crypto';
import type { Channel } from '@ituna/contracts';
import { post } from './http';
import { PORTS } from './service-fleet';

export interface Attempt {
  /** When the answer came (or the request failed). */
  at: number;
  /** From sending the POST to its answer. */
  ms: number;
  /** The ordering service it went to. */
  port: number;
  status: number;
  orderId?: string;
  traceId?: string;
  /** The Idempotency-Key it was sent with, when the load sends keys. */
  key?: string;
}

export const BODIES = [
  [PORTS['website-ordering'], { items: { 'TUNA MAKI': 1 }, address: '8 Market Lane' }, 'website'],
  [PORTS['onsite-ordering'], { table: 3, items: { 'TUNA SALAD': 1 } }, 'onsite'],
  [PORTS['direct-kitchen-ordering'], { items: { 'ITUNA SOUP': 2 } }, 'direct'],
] as const;

/** The channel and body the load sends to an ordering service's port. */
export function bodyFor(port: number): { channel: Channel; body: object } {
  const [, body, channel] = BODIES.find(([p]) => p === port)!;
  return { channel, body };
}

/** Loads started and not yet stopped: a test that fails midway must not leave one posting into the next file's services. */
const activeLoads = new Set<SteadyLoad>();

/** Stops every load still running (each test file's afterAll calls it, through useFleet or itself). */
export async function stopRunningLoads(): Promise<void> {
  await Promise.all([...activeLoads].map((load) => load.stop()));
}

/** Steady POST /orders load across the three ordering services, recording every answer. */
export class SteadyLoad {
  readonly attempts: Attempt[] = [];
  private running = false;
  private loop?: Promise<void>;

  /** With `idempotencyKeys`, each POST carries a new Idempotency-Key, kept in its Attempt. */
  constructor(
    private readonly perSecond: number,
    private readonly options: { idempotencyKeys?: boolean } = {},
  ) {}

  start(): this {
    this.running = true;
    activeLoads.add(this);
    this.loop = (async () => {
      const inflight: Promise<void>[] = [];
      for (let i = 0; this.running; i++) {
        const [port, body] = BODIES[i % BODIES.length];
        const key = this.options.idempotencyKeys ? randomUUID() : undefined;
        const sentAt = Date.now();
        inflight.push(
          post(port, '/orders', body, key ? { 'idempotency-key': key } : {})
            .then(
              (a) =>
                void this.attempts.push({
                  at: Date.now(),
                  ms: Date.now() - sentAt,
                  port,
                  status: a.status,
                  key,
                  orderId: a.status === 202 ? a.body.orderId : undefined,
                  traceId: a.status === 202 ? a.body.traceId : undefined,
                }),
            )
            .catch(() => void this.attempts.push({ at: Date.now(), ms: Date.now() - sentAt, port, status: 0, key })),
        );
        await new Promise((r) => setTimeout(r, 1000 / this.perSecond));
      }
      await Promise.all(inflight);
    })();
    return this;
  }

  async stop(): Promise<Attempt[]> {
    this.running = false;
    activeLoads.delete(this);
    await this.loop;
    return this.attempts;
  }

  accepted(): string[] {
    return this.attempts.filter((a) => a.status === 202).map((a) => a.orderId!);
  }
}
