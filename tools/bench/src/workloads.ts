import type { Producer } from 'kafkajs';
import { TOPICS, randomOrder } from '@ituna/contracts';
import type { Order } from '@ituna/contracts';
import { summarize } from '@ituna/trace-analysis';
import type { Summary } from '@ituna/trace-analysis';
import type { ReadyWatcher } from './ready-watcher';

/** Onsite orders: valid, and no address rule to skip, so every stage does its full work. */
const newOrder = () => randomOrder('onsite');

export interface BurstResult {
  orders: number;
  seconds: number;
  ordersPerSecond: number;
  ids: string[];
}

/** One write of orders to `ituna-orders`, keyed by order id as the ordering services write them. */
function sendOrders(producer: Producer, orders: readonly Order[]): Promise<unknown> {
  return producer.send({
    topic: TOPICS.orders,
    acks: -1,
    messages: orders.map((o) => ({ key: o.orderId, value: JSON.stringify(o) })),
  });
}

/** When the last of `ids` reached `orders-ready` (all of them have). */
function lastReady(watcher: ReadyWatcher, ids: readonly string[]): number {
  return ids.reduce((latest, id) => Math.max(latest, watcher.arrivals.get(id) as number), 0);
}

/** `n` orders written at once to `ituna-orders`; throughput is n over the time until the last is ready. */
export async function burst(producer: Producer, watcher: ReadyWatcher, n: number): Promise<BurstResult> {
  const orders = Array.from({ length: n }, newOrder);
  const t0 = performance.now();
  for (let i = 0; i < orders.length; i += 250) {
    await sendOrders(producer, orders.slice(i, i + 250));
  }
  const ids = orders.map((o) => o.orderId);
  await watcher.waitFor(ids, 300_000);
  const t1 = lastReady(watcher, ids);
  return { orders: n, seconds: (t1 - t0) / 1000, ordersPerSecond: n / ((t1 - t0) / 1000), ids };
}

export interface PacedResult {
  rate: number;
  seconds: number;
  orders: number;
  achievedRate: number;
  /** From the write to `ituna-orders` until the order is on `orders-ready`. */
  latencyMs: Summary;
  ids: string[];
}

/** Orders written one by one at `rate` per second; latency from each write until it is ready. */
export async function paced(
  producer: Producer,
  watcher: ReadyWatcher,
  rate: number,
  seconds: number,
): Promise<PacedResult> {
  const total = rate * seconds;
  const sent = new Map<string, number>();
  const start = performance.now();
  const inflight: Promise<unknown>[] = [];
  for (let i = 0; i < total; i++) {
    const wait = start + (i * 1000) / rate - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const o = newOrder();
    sent.set(o.orderId, performance.now());
    inflight.push(sendOrders(producer, [o]));
  }
  await Promise.all(inflight);
  const achievedRate = total / ((performance.now() - start) / 1000);
  const ids = [...sent.keys()];
  await watcher.waitFor(ids, 120_000);
  return {
    rate,
    seconds,
    orders: total,
    achievedRate,
    latencyMs: summarize(ids.map((id) => (watcher.arrivals.get(id) as number) - (sent.get(id) as number))),
    ids,
  };
}

export interface OverloadResult {
  /** Orders per second offered: more than the configuration takes, so a queue builds. */
  rate: number;
  seconds: number;
  orders: number;
  /** What the writer reached: the offered load only counts if it was really offered. */
  writeRate: number;
  /** Orders over the time from the first write until the last is ready. */
  ordersPerSecond: number;
}

/** Write chunks this often: steadier than one send per order at hundreds per second. */
const CHUNK_MS = 50;

/**
 * Orders written at `rate` per second for `seconds`, in 50 ms chunks, to a configuration that takes
 * fewer: sustained overload, where a tracer whose queue or exporter falls behind shows it.
 */
export async function overload(
  producer: Producer,
  watcher: ReadyWatcher,
  rate: number,
  seconds: number,
): Promise<OverloadResult> {
  const total = Math.round(rate * seconds);
  const ids: string[] = [];
  const inflight: Promise<unknown>[] = [];
  const t0 = performance.now();
  for (let tick = 1; ids.length < total; tick++) {
    const due = Math.min(total, Math.round((tick * CHUNK_MS * rate) / 1000));
    const orders = Array.from({ length: due - ids.length }, newOrder);
    ids.push(...orders.map((o) => o.orderId));
    if (orders.length) inflight.push(sendOrders(producer, orders));
    const wait = t0 + tick * CHUNK_MS - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  await Promise.all(inflight);
  const writeRate = total / ((performance.now() - t0) / 1000);
  await watcher.waitFor(ids, 300_000);
  return { rate, seconds, orders: total, writeRate, ordersPerSecond: total / ((lastReady(watcher, ids) - t0) / 1000) };
}
