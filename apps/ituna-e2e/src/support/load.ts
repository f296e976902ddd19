import { post } from './http';
import { PORTS } from './service-fleet';

export interface Attempt {
  at: number;
  /** The ordering service it went to. */
  port: number;
  status: number;
  orderId?: string;
  traceId?: string;
}

const BODIES = [
  [PORTS['website-ordering'], { items: { 'TUNA MAKI': 1 }, address: '8 Market Lane' }],
  [PORTS['onsite-ordering'], { table: 3, items: { 'TUNA SALAD': 1 } }],
  [PORTS['direct-kitchen-ordering'], { items: { 'ITUNA SOUP': 2 } }],
] as const;

/** Steady POST /orders load across the three ordering services, recording every answer. */
export class SteadyLoad {
  readonly attempts: Attempt[] = [];
  private running = false;
  private loop?: Promise<void>;

  constructor(private readonly perSecond: number) {}

  start(): this {
    this.running = true;
    this.loop = (async () => {
      const inflight: Promise<void>[] = [];
      for (let i = 0; this.running; i++) {
        const [port, body] = BODIES[i % BODIES.length];
        inflight.push(
          post(port, '/orders', body)
            .then((a) => void this.attempts.push({ at: Date.now(), port, status: a.status, orderId: a.status === 202 ? a.body.orderId : undefined, traceId: a.status === 202 ? a.body.traceId : undefined }))
            .catch(() => void this.attempts.push({ at: Date.now(), port, status: 0 })),
        );
        await new Promise((r) => setTimeout(r, 1000 / this.perSecond));
      }
      await Promise.all(inflight);
    })();
    return this;
  }

  async stop(): Promise<Attempt[]> {
    this.running = false;
    await this.loop;
    return this.attempts;
  }

  accepted(): string[] {
    return this.attempts.filter((a) => a.status === 202).map((a) => a.orderId!);
  }
}
