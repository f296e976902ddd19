import { TOPICS } from '@ituna/contracts';
import type { TopicWatcher } from '../kafka/topic-watcher';

export interface Tally {
  placed: number;
  completed: number;
  rejected: number;
  lost: number;
  duplicated: number;
}

/** Where each accepted order ended: ready, rejected, neither (lost), or announced twice (duplicated). */
export async function tally(
  watcher: TopicWatcher,
  accepted: string[],
  timeoutMs = 90_000,
): Promise<Tally & { lostIds: string[]; duplicatedIds: string[] }> {
  const done = (id: string) =>
    watcher.byKey(TOPICS.ready, id).length > 0 || watcher.byKey(TOPICS.rejected, id).length > 0;
  const deadline = Date.now() + timeoutMs;
  while (accepted.some((id) => !done(id)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
  const lostIds = accepted.filter((id) => !done(id));
  const duplicatedIds = accepted.filter((id) => watcher.byKey(TOPICS.ready, id).length > 1);
  return {
    placed: accepted.length,
    completed: accepted.filter((id) => watcher.byKey(TOPICS.ready, id).length > 0).length,
    rejected: accepted.filter((id) => watcher.byKey(TOPICS.rejected, id).length > 0).length,
    lost: lostIds.length,
    duplicated: duplicatedIds.length,
    lostIds,
    duplicatedIds,
  };
}
