import { randomUUID } from 'node:crypto';
import type { Channel } from '@ituna/contracts';
import { post } from './http';
import { PORTS } from '../fleet/service-fleet';

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
  /** Times it was sent again with its key (retryUnaccepted) before the outcome above. */
  retried?: number;
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

/**
 * Steady POST /orders load across the three ordering services, recording every answer. The i-th
 * POST is sent at start + i/rate, whatever the answers take: the rate asked for is the rate sent.
 */
export class SteadyLoad {
  readonly attempts: Attempt[] = [];
  private running = false;
  private loop?: Promise<void>;
  private startedAt = 0;
  private stoppedAt = 0;

  /** With `idempotencyKeys`, each POST carries a new Idempotency-Key, kept in its Attempt. */
  constructor(
    private readonly perSecond: number,
    private readonly options: { idempotencyKeys?: boolean } = {},
  ) {}

  start(): this {
    this.running = true;
    activeLoads.add(this);
    this.startedAt = Date.now();
    this.loop = (async () => {
      const inflight: Promise<void>[] = [];
      for (let i = 0; this.running; i++) {
        const due = this.startedAt + (i * 1000) / this.perSecond;
        if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
        if (!this.running) break;
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
      }
      await Promise.all(inflight);
    })();
    return this;
  }

  async stop(): Promise<Attempt[]> {
    if (this.running) this.stoppedAt = Date.now();
    this.running = false;
    activeLoads.delete(this);
    await this.loop;
    return this.attempts;
  }

  /**
   * A client that retries: each POST not answered 202 is sent again with its Idempotency-Key (the
   * load must send keys) until it is, as a shop's retry after a 503 or a cut connection would;
   * resolves with the POSTs still not accepted after `tries` rounds.
   */
  async retryUnaccepted({ tries = 10, pauseMs = 1_000 } = {}): Promise<Attempt[]> {
    if (!this.options.idempotencyKeys) throw new Error('retries need the Idempotency-Keys the load sends');
    for (let round = 0; round < tries; round++) {
      const failed = this.attempts.filter((a) => a.status !== 202);
      if (!failed.length) return [];
      if (round > 0) await new Promise((r) => setTimeout(r, pauseMs));
      await Promise.all(
        failed.map(async (attempt) => {
          const sentAt = Date.now();
          const answer = await post(attempt.port, '/orders', bodyFor(attempt.port).body, {
            'idempotency-key': attempt.key!,
          }).catch(() => undefined);
          Object.assign(attempt, {
            at: Date.now(),
            ms: Date.now() - sentAt,
            status: answer?.status ?? 0,
            retried: (attempt.retried ?? 0) + 1,
            ...(answer?.status === 202 ? { orderId: answer.body.orderId, traceId: answer.body.traceId } : {}),
          });
        }),
      );
    }
    return this.attempts.filter((a) => a.status !== 202);
  }

  /** POSTs sent per second, from the start to the stop. */
  rate(): number {
    const seconds = ((this.stoppedAt || Date.now()) - this.startedAt) / 1000;
    return seconds > 0 ? Math.round((this.attempts.length / seconds) * 10) / 10 : 0;
  }

  accepted(): string[] {
    return this.attempts.filter((a) => a.status === 202).map((a) => a.orderId!);
  }
}
