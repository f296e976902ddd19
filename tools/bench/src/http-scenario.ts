import autocannon from 'autocannon';
import { randomItems } from '@ituna/contracts';
import { summarize } from '@ituna/trace-analysis';
import type { Summary } from '@ituna/trace-analysis';
import type { ReadyWatcher } from './ready-watcher';

/** Clients of the HTTP scenario: each sends its share of the rate, one request at a time. */
const CONNECTIONS = 10;

export interface HttpResult {
  rate: number;
  seconds: number;
  requests: number;
  accepted: number;
  /** Answers other than 202 (a 503 when Kafka did not take the order), and connection errors. */
  failed: number;
  /** From writing the request to its 202 answer. */
  acceptedLatencyMs: Summary;
  /** From writing the request until the order is on `orders-ready`: the whole pipeline, HTTP included. */
  readyLatencyMs: Summary;
  ids: string[];
}

/**
 * `POST /orders` of onsite-ordering at `rate` per second for `seconds`, through autocannon: its
 * `overallRate` gives each of the connections an equal share per second. A request's write time
 * is taken where autocannon builds it (setupRequest), which it writes in the same tick.
 */
export async function httpScenario(
  port: number,
  watcher: ReadyWatcher,
  rate: number,
  seconds: number,
): Promise<HttpResult> {
  const sentAt = new Map<string, number>();
  const accepted: number[] = [];
  let failed = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: Math.min(CONNECTIONS, rate),
    overallRate: rate,
    amount: rate * seconds,
    timeout: 10,
    requests: [
      {
        method: 'POST',
        path: '/orders',
        headers: { 'content-type': 'application/json' },
        setupRequest: (req, context: { sentAt?: number }) => {
          context.sentAt = performance.now();
          return { ...req, body: JSON.stringify({ table: 4, items: randomItems() }) };
        },
        onResponse: (status, body, context: { sentAt?: number }) => {
          const now = performance.now();
          if (status !== 202) return void failed++;
          const { orderId } = JSON.parse(body) as { orderId: string };
          sentAt.set(orderId, context.sentAt as number);
          accepted.push(now - (context.sentAt as number));
        },
      },
    ],
  });
  failed += result.errors + result.timeouts;
  const ids = [...sentAt.keys()];
  await watcher.waitFor(ids, 120_000);
  return {
    rate,
    seconds,
    requests: result.requests.total,
    accepted: ids.length,
    failed,
    acceptedLatencyMs: summarize(accepted),
    readyLatencyMs: summarize(ids.map((id) => (watcher.arrivals.get(id) as number) - (sentAt.get(id) as number))),
    ids,
  };
}
