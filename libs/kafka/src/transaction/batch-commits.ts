import { AsyncLocalStorage } from 'node:async_hooks';

const scope = new AsyncLocalStorage<Promise<void>[]>();

/**
 * Runs the handlers of one fetched batch so that each message's commit is queued, not awaited:
 * the next message is handled while its predecessors' transaction runs, and one transaction
 * carries many messages. Resolves once every commit of the batch is done, so kafkajs neither moves
 * past the batch nor hands its partition to another member before that.
 */
export async function withBatchCommits(handleBatch: () => Promise<void>): Promise<void> {
  const commits: Promise<void>[] = [];
  try {
    await scope.run(commits, handleBatch);
  } catch (err) {
    // The messages handled before the failing one are committed before kafkajs fetches again.
    await Promise.allSettled(commits);
    throw err;
  }
  await Promise.all(commits);
}

/** The commits of the batch running here, if its handlers' commits are queued rather than awaited. */
export function batchCommits(): Promise<void>[] | undefined {
  return scope.getStore();
}
