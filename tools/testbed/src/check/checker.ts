import { TOPICS } from '@ituna/contracts';
import type { Kafka } from 'kafkajs';
import { TopicWatcher } from '../kafka/topic-watcher';

/** The topics an order's fate is read from. */
export const CHECKED_TOPICS = [TOPICS.kitchen, TOPICS.ready, TOPICS.rejected];

/** An order the services answered 202, with the channel it came in by. */
export interface AcceptedOrder {
  orderId: string;
  channel: 'website' | 'onsite' | 'direct';
}

/** What the checker found; every list empty is a run that kept exactly-once. */
export interface CheckResult {
  accepted: number;
  ready: number;
  rejected: number;
  /** Answered 202, and neither ready nor rejected in what was committed. */
  lost: string[];
  /** Ready twice, rejected twice, or both ready and rejected. */
  duplicated: string[];
  /** Records a read-committed reader was given during the run that are not in what was committed: their transaction was aborted. */
  abortedReads: string[];
  /** Website and onsite orders ready without a committed validation (a kitchen-orders record). */
  unvalidated: string[];
  /** Ready or rejected orders no POST was answered 202 for (a 503'd order that was placed after all is counted apart, not here). */
  unexpected: string[];
  /** Copies of orders on orders-ready that only a read-uncommitted reader saw: aborted transactions, kept from readers. */
  abortedCopies: number;
}

/**
 * A checker in the spirit of Jepsen's queue checker: after the faults have healed, it reads what
 * was committed on the pipeline's topics since the run began (a read-committed consumer of its own,
 * from where `live` started up to the topics' ends) and holds every accepted order to it: ready or rejected exactly once, and
 * through validation unless it came in direct. It also compares what a read-committed reader saw
 * live during the run (`live`) with what was committed: a record seen live and not committed is an
 * aborted read.
 */
export async function checkOrders({
  accepted,
  live,
  uncommitted,
  kafka,
  ignored = [],
}: {
  accepted: AcceptedOrder[];
  /** A read-committed watcher of CHECKED_TOPICS that ran through the faults: the committed read starts where it did. */
  live: TopicWatcher;
  /** A read-uncommitted watcher of orders-ready that ran through the faults. */
  uncommitted?: TopicWatcher;
  /** A client of the cluster (the stack's when absent). */
  kafka?: Kafka;
  /** Orders answered other than 202 (503, a cut connection): allowed to be placed after all, once. */
  ignored?: string[];
}): Promise<CheckResult> {
  const committed = await new TopicWatcher(CHECKED_TOPICS, { kafka }).start({ fromOffsets: live.startOffsets });
  try {
    await committed.caughtUp();
    const ids = new Set(accepted.map((a) => a.orderId));
    const count = (topic: string, id: string) => committed.byKey(topic, id).length;
    const lost: string[] = [];
    const duplicated: string[] = [];
    const unvalidated: string[] = [];
    let ready = 0;
    let rejected = 0;
    for (const { orderId, channel } of accepted) {
      const r = count(TOPICS.ready, orderId);
      const j = count(TOPICS.rejected, orderId);
      if (r > 0) ready += 1;
      if (j > 0) rejected += 1;
      if (r + j === 0) lost.push(orderId);
      if (r + j > 1) duplicated.push(orderId);
      if (r > 0 && channel !== 'direct' && count(TOPICS.kitchen, orderId) === 0) unvalidated.push(orderId);
    }
    const allowed = new Set(ignored);
    const unexpected = [
      ...new Set(
        committed.seen
          .filter((m) => m.topic !== TOPICS.kitchen && m.key && !ids.has(m.key) && !allowed.has(m.key))
          .map((m) => m.key!),
      ),
    ];
    const placedAfterAll = ignored.filter((id) => count(TOPICS.ready, id) + count(TOPICS.rejected, id) > 1);
    const inCommitted = committed.recordIds();
    const abortedReads = [...live.recordIds()].filter((id) => !inCommitted.has(id));
    const abortedCopies = uncommitted
      ? [...uncommitted.recordIds()].filter((id) => id.startsWith(`${TOPICS.ready}/`) && !inCommitted.has(id)).length
      : 0;
    return {
      accepted: accepted.length,
      ready,
      rejected,
      lost,
      duplicated: [...duplicated, ...placedAfterAll],
      abortedReads,
      unvalidated,
      unexpected,
      abortedCopies,
    };
  } finally {
    await committed.stop();
  }
}

/** What must all be empty for a run to have kept exactly-once (`expect(violations(...)).toEqual(NO_VIOLATIONS)`). */
export function violations(check: CheckResult, stillRefused: readonly unknown[] = []) {
  const { lost, duplicated, abortedReads, unvalidated, unexpected } = check;
  return { stillRefused: stillRefused.length, lost, duplicated, abortedReads, unvalidated, unexpected };
}

export const NO_VIOLATIONS: ReturnType<typeof violations> = {
  stillRefused: 0,
  lost: [],
  duplicated: [],
  abortedReads: [],
  unvalidated: [],
  unexpected: [],
};

/** Waits until every accepted order is ready or rejected in what `live` saw, or the timeout passes. */
export async function settled(live: TopicWatcher, orderIds: string[], timeoutMs = 120_000): Promise<number> {
  const started = Date.now();
  const done = (id: string) => live.byKey(TOPICS.ready, id).length + live.byKey(TOPICS.rejected, id).length > 0;
  while (orderIds.some((id) => !done(id)) && Date.now() - started < timeoutMs)
    await new Promise((r) => setTimeout(r, 250));
  return Date.now() - started;
}

/** One line of figures. */
export function describeCheck(result: CheckResult): string {
  const ids = (list: string[]) =>
    list.length ? ` (${list.slice(0, 5).join(', ')}${list.length > 5 ? ', …' : ''})` : '';
  return (
    `${result.accepted} accepted: ${result.ready} ready, ${result.rejected} rejected; ` +
    `lost ${result.lost.length}${ids(result.lost)}, twice ${result.duplicated.length}${ids(result.duplicated)}, ` +
    `aborted reads ${result.abortedReads.length}, unvalidated ${result.unvalidated.length}${ids(result.unvalidated)}, ` +
    `unexpected ${result.unexpected.length}; ${result.abortedCopies} aborted copies seen read-uncommitted only`
  );
}
