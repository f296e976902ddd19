import { TRANSITIONS, nextState, type WorkerEvent, type WorkerState } from './worker-state';

const STATES = Object.keys(TRANSITIONS) as WorkerState[];
const EVENTS: WorkerEvent[] = [
  'assigned',
  'revoked',
  'claimed',
  'claim-failed',
  'commit-started',
  'committed',
  'commit-failed',
  'hold-ended',
  'fenced',
  'out-of-generation',
  'stop',
];

describe('PartitionWorker states', () => {
  it.each<[WorkerState, WorkerEvent, WorkerState]>([
    ['stopped', 'assigned', 'claiming'],
    ['claiming', 'claimed', 'processing'],
    ['claiming', 'claim-failed', 'holding'],
    ['holding', 'hold-ended', 'claiming'],
    ['processing', 'commit-started', 'committing'],
    ['committing', 'committed', 'processing'],
    ['committing', 'commit-failed', 'holding'],
    ['committing', 'fenced', 'handing-over'],
    ['holding', 'out-of-generation', 'handing-over'],
    ['handing-over', 'assigned', 'claiming'],
    ['processing', 'assigned', 'claiming'],
    ['processing', 'revoked', 'stopped'],
  ])('%s --%s--> %s', (from, event, to) => {
    expect(nextState(from, event)).toBe(to);
  });

  it('never handles a message before a claim: processing is reached from claiming or committing only', () => {
    const into = STATES.filter((s) => Object.values(TRANSITIONS[s]).includes('processing'));
    expect(into.sort()).toEqual(['claiming', 'committing']);
  });

  it('never claims again from a failed commit without holding first, nor retries a fenced one', () => {
    expect(TRANSITIONS.committing['commit-failed']).toBe('holding');
    expect(TRANSITIONS.committing.fenced).toBe('handing-over');
    expect(Object.values(TRANSITIONS['handing-over'])).not.toContain('committing');
  });

  it('stops from every state', () => {
    for (const state of STATES) expect(nextState(state, 'stop')).toBe('stopped');
  });

  it.each<[WorkerState, WorkerEvent]>([
    // A commit is never started before a claim, nor by a member that handed the partition over.
    ['claiming', 'commit-started'],
    ['holding', 'commit-started'],
    ['handing-over', 'commit-started'],
    ['stopped', 'commit-started'],
    // A claim never succeeds without having been started.
    ['stopped', 'claimed'],
    ['handing-over', 'claimed'],
  ])('refuses %s --%s--> (a bug)', (state, event) => {
    expect(() => nextState(state, event)).toThrow(`cannot go from ${state} on ${event}`);
  });

  it('refuses every pair the table does not name', () => {
    for (const state of STATES)
      for (const event of EVENTS)
        if (!TRANSITIONS[state][event]) expect(() => nextState(state, event)).toThrow();
        else expect(nextState(state, event)).toBe(TRANSITIONS[state][event]);
  });
});
