import { AsyncLocalStorage } from 'node:async_hooks';
import type { Message } from 'kafkajs';

/** A record a handler wrote, waiting for its message's transaction. */
export interface StagedRecord {
  topic: string;
  message: Message;
}

const scope = new AsyncLocalStorage<StagedRecord[]>();

/**
 * Runs one try of a handler with its writes held back: they are returned instead of sent, so that
 * they can be committed together with the message's offset, and a failed try leaves nothing behind.
 */
export async function withStagedRecords<T>(handle: () => Promise<T>): Promise<{ result: T; records: StagedRecord[] }> {
  const records: StagedRecord[] = [];
  const result = await scope.run(records, handle);
  return { result, records };
}

/** The records of the handler try running here, if its writes are held back for a transaction. */
export function stagedRecords(): StagedRecord[] | undefined {
  return scope.getStore();
}
