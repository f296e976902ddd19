/**
 * The states of a PartitionWorker, the one owner of a consumed partition in this process:
 * - claiming: registering the partition (exactly-once: its transactional id, fencing whoever had it),
 *   then reading its committed offset and its processed keys; nothing is handled meanwhile.
 * - processing: handling messages; none of them is being committed.
 * - committing: a transaction (or at-least-once, the marks' write) is on its way; handling goes on.
 * - holding: Kafka did not take a claim or a commit; waiting to claim again (heartbeating).
 * - handing-over: this member may no longer hold the partition (fenced, out of its generation):
 *   what it handled is left uncommitted and kafkajs rejoins the group.
 * - stopped: not assigned here, or the service is stopping.
 */
export type WorkerState = 'claiming' | 'processing' | 'committing' | 'holding' | 'handing-over' | 'stopped';

export type WorkerEvent =
  /** The group gave this member the partition (again). */
  | 'assigned'
  /** The group gave the partition to another member. */
  | 'revoked'
  | 'claimed'
  | 'claim-failed'
  | 'commit-started'
  | 'committed'
  /** A commit failed in a way that may pass: a timeout, a lost connection, a coordinator moving. */
  | 'commit-failed'
  | 'hold-ended'
  /** Another registration of the transactional id came after this one. */
  | 'fenced'
  /** The group answered that this member is out of the generation that handled the messages. */
  | 'out-of-generation'
  | 'stop';

/** Every transition a worker may make; anything else is a bug and throws. */
export const TRANSITIONS: Readonly<Record<WorkerState, Partial<Record<WorkerEvent, WorkerState>>>> = {
  claiming: {
    claimed: 'processing',
    // Claimed again from the start: the group may have given the partition to another member in between.
    assigned: 'claiming',
    'claim-failed': 'holding',
    'out-of-generation': 'handing-over',
    revoked: 'stopped',
    stop: 'stopped',
  },
  processing: {
    'commit-started': 'committing',
    assigned: 'claiming',
    revoked: 'stopped',
    'out-of-generation': 'handing-over',
    stop: 'stopped',
  },
  committing: {
    committed: 'processing',
    // The claim waits for the transaction in flight: it was this member's to finish.
    assigned: 'committing',
    'commit-failed': 'holding',
    fenced: 'handing-over',
    'out-of-generation': 'handing-over',
    stop: 'stopped',
  },
  holding: {
    'hold-ended': 'claiming',
    assigned: 'holding',
    'out-of-generation': 'handing-over',
    stop: 'stopped',
  },
  'handing-over': {
    assigned: 'claiming',
    revoked: 'stopped',
    stop: 'stopped',
  },
  stopped: {
    assigned: 'claiming',
    stop: 'stopped',
  },
};

/** The state after `event`; throws on a transition the table does not have. */
export function nextState(state: WorkerState, event: WorkerEvent): WorkerState {
  const next = TRANSITIONS[state][event];
  if (!next) throw new Error(`a partition worker cannot go from ${state} on ${event}`);
  return next;
}
