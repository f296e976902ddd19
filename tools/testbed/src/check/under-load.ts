import { TOPICS } from '@ituna/contracts';
import { orderIdForKey } from '@ituna/ordering';
import type { Kafka } from 'kafkajs';
import { TopicWatcher } from '../kafka/topic-watcher';
import { SteadyLoad, bodyFor, type Attempt } from '../load/steady-load';
import { sleep } from '../sleep';
import {
  CHECKED_TOPICS,
  NO_VIOLATIONS,
  checkOrders,
  describeCheck,
  settled,
  violations,
  type CheckResult,
} from './checker';

export interface LoadRun {
  posts: number;
  /** POSTs sent per second. */
  rate: number;
  /** Not answered 202 at first (Kafka away, a connection cut); each was sent again with its key. */
  notAccepted: number;
  /** Still not 202 after those retries: left out of the check. */
  stillRefused: Attempt[];
  /** From the moment `faults` resolved (all healed) until every order sent before it was ready or rejected. */
  recoveryMs: number;
  check: CheckResult;
  /** Every check held. */
  ok: boolean;
  /** One line of figures. */
  summary: string;
}

/**
 * Runs `faults` under a steady load of POSTs with Idempotency-Keys, then holds every order to what
 * was committed (checkOrders): the shape of each fault test and of the chaos run. `faults` applies
 * its faults and resolves once they are healed; a POST not answered 202 is then sent again with its
 * key, as a client retrying after a 503 would.
 */
export async function underLoad({
  rate,
  faults,
  kafka,
  beforeMs = 3_000,
  afterMs = 3_000,
}: {
  rate: number;
  faults: () => Promise<void>;
  /** A client of the cluster the services run on (the stack's when absent). */
  kafka?: Kafka;
  /** Load before the faults begin, and after they are healed. */
  beforeMs?: number;
  afterMs?: number;
}): Promise<LoadRun> {
  const live = await new TopicWatcher(CHECKED_TOPICS, { kafka }).start();
  const uncommitted = await new TopicWatcher([TOPICS.ready], { kafka, readUncommitted: true }).start();
  const load = new SteadyLoad(rate, { idempotencyKeys: true });
  try {
    load.start();
    await sleep(beforeMs);
    await faults();
    const healedAt = Date.now();
    await sleep(afterMs);
    const attempts = await load.stop();
    const notAccepted = attempts.filter((a) => a.status !== 202).length;
    const stillRefused = await load.retryUnaccepted();
    const accepted = attempts
      .filter((a) => a.status === 202)
      .map((a) => ({ orderId: a.orderId!, channel: bodyFor(a.port).channel }));
    await settled(
      live,
      accepted.map((a) => a.orderId),
    );
    const doneAt = (id: string) =>
      Math.min(...[...live.byKey(TOPICS.ready, id), ...live.byKey(TOPICS.rejected, id)].map((m) => m.at));
    // The orders sent before the heal: what the faults held back.
    const held = attempts.filter((a) => a.status === 202 && a.at - a.ms < healedAt);
    const recoveryMs = Math.max(0, ...held.map((a) => doneAt(a.orderId!) - healedAt).filter(Number.isFinite));
    const check = await checkOrders({
      accepted,
      live,
      uncommitted,
      kafka,
      ignored: stillRefused.map((a) => orderIdForKey(bodyFor(a.port).channel, a.key!)),
    });
    const ok = JSON.stringify(violations(check, stillRefused)) === JSON.stringify(NO_VIOLATIONS);
    return {
      posts: attempts.length,
      rate: load.rate(),
      notAccepted,
      stillRefused,
      recoveryMs,
      check,
      ok,
      summary:
        `${attempts.length} POSTs at ${load.rate()}/s, ${notAccepted} not 202 at first (${stillRefused.length} after retries with their keys); ` +
        `${describeCheck(check)}; every order done ${(recoveryMs / 1000).toFixed(1)} s after the faults healed`,
    };
  } finally {
    // A fault that threw must not leave the load posting into the next test.
    await load.stop();
    await live.stop();
    await uncommitted.stop();
  }
}
