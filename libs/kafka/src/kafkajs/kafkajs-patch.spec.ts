// kafkajs's own request queue, patched by patches/kafkajs+2.2.4.patch (applied by npm's postinstall).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const RequestQueue = require('kafkajs/src/network/requestQueue');

const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

function queue() {
  return new RequestQueue({
    maxInFlightRequests: 1,
    requestTimeout: 1000,
    enforceRequestTimeout: false,
    clientId: 'spec',
    broker: 'spec:9092',
    logger: quiet,
  });
}

describe('kafkajs request queue (patched)', () => {
  // Unpatched, every connection re-armed a 1 ms timer for ever once its first answer came (and
  // Node 24 warns about the negative delay it computes): about 40 ms of CPU a second per idle service.
  it('arms no timer when nothing is pending and nothing is throttled', () => {
    const q = queue();
    try {
      q.checkPendingRequests();
      expect(q.throttleCheckTimeoutId).toBeNull();
    } finally {
      q.destroy();
    }
  });

  it('still checks again when the broker throttles', () => {
    const q = queue();
    try {
      q.throttledUntil = Date.now() + 50;
      q.scheduleCheckPendingRequests();
      expect(q.throttleCheckTimeoutId).not.toBeNull();
    } finally {
      q.destroy();
    }
  });
});

// kafkajs's cluster, patched the same way: its coordinator lookups are remembered for a second.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Cluster = require('kafkajs/src/cluster');

describe('kafkajs coordinator lookup (patched)', () => {
  function cluster(nodes: Record<number, object | Error>) {
    const c = new Cluster({ brokers: ['spec:9092'], logger: { namespace: () => quiet }, retry: { retries: 0 } });
    const asked: string[] = [];
    let coordinator = 1;
    c.findGroupCoordinatorMetadata = async ({ groupId }: { groupId: string }) => {
      asked.push(groupId);
      return { coordinator: { nodeId: coordinator } };
    };
    c.findBroker = async ({ nodeId }: { nodeId: number }) => {
      const broker = nodes[nodeId];
      if (broker instanceof Error) throw broker;
      return broker;
    };
    return { c, asked, moveTo: (nodeId: number) => (coordinator = nodeId) };
  }

  it('asks FindCoordinator once for the requests of a transaction, not before each', async () => {
    const node1 = { nodeId: 1 };
    const { c, asked } = cluster({ 1: node1 });
    for (let i = 0; i < 5; i++)
      expect(await c.findGroupCoordinator({ groupId: 'txn-0', coordinatorType: 1 })).toBe(node1);
    await c.findGroupCoordinator({ groupId: 'group', coordinatorType: 0 });
    expect(asked).toEqual(['txn-0', 'group']);
  });

  it('asks again at once when the coordinator it knows cannot be reached', async () => {
    const nodes: Record<number, object | Error> = { 1: { nodeId: 1 }, 2: { nodeId: 2 } };
    const { c, asked, moveTo } = cluster(nodes);
    await c.findGroupCoordinator({ groupId: 'txn-0', coordinatorType: 1 });
    nodes[1] = Object.assign(new Error('Connection error'), { code: 'ECONNREFUSED' });
    moveTo(2);
    expect(await c.findGroupCoordinator({ groupId: 'txn-0', coordinatorType: 1 })).toEqual({ nodeId: 2 });
    expect(asked).toEqual(['txn-0', 'txn-0']);
  });

  it('asks again once its answer is a second old', async () => {
    jest.useFakeTimers({ now: 0, doNotFake: ['nextTick', 'setImmediate'] });
    try {
      const { c, asked } = cluster({ 1: { nodeId: 1 } });
      await c.findGroupCoordinator({ groupId: 'txn-0', coordinatorType: 1 });
      jest.setSystemTime(1_001);
      await c.findGroupCoordinator({ groupId: 'txn-0', coordinatorType: 1 });
      expect(asked).toEqual(['txn-0', 'txn-0']);
    } finally {
      jest.useRealTimers();
    }
  });
});

// kafkajs's consumer runner, patched the same way: a stop() while it joins its group is kept.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Runner = require('kafkajs/src/consumer/runner');

describe('kafkajs consumer runner (patched)', () => {
  function runner() {
    let joined: (() => void) | undefined;
    const calls: string[] = [];
    let rebalancing = false;
    const group = {
      connect: async () => undefined,
      joinAndSync: () => (calls.push('join'), new Promise<void>((resolve) => (joined = resolve))),
      leave: async () => calls.push('leave'),
      getNodeIds: () => [1],
      // A broker answers an empty fetch after its wait, not at once.
      fetch: () => {
        calls.push('fetch');
        return new Promise((resolve, reject) =>
          setTimeout(
            () =>
              rebalancing
                ? reject(Object.assign(new Error('rebalancing'), { type: 'REBALANCE_IN_PROGRESS' }))
                : resolve([]),
            5,
          ),
        );
      },
      heartbeat: async () => undefined,
    };
    const logger = { ...quiet, namespace: () => logger };
    const r = new Runner({
      logger,
      consumerGroup: group,
      instrumentationEmitter: { emit: () => undefined },
      eachMessage: async () => undefined,
      onCrash: () => calls.push('crash'),
      retry: { retries: 0 },
    });
    // The join is asked for once the runner has connected.
    const join = async () => {
      while (!joined) await new Promise((resolve) => setImmediate(resolve));
      joined();
    };
    return { r, calls, join, rebalance: () => (rebalancing = true) };
  }

  // A consumer restarting after a crash joins its group again; its owner's disconnect() then found
  // the runner not running yet and returned, and the runner fetched for ever once the join ended
  // (kafkajs#1593): in the e2e suite, a watcher that reconnected to the next test's brokers.
  it('does not begin to fetch when stopped while it joins the group, and leaves it', async () => {
    const { r, calls, join } = runner();
    const started = r.start();
    let stopped = false;
    const stopping = r.stop().then(() => (stopped = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    await join();
    await Promise.all([started, stopping]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(r.running).toBe(false);
    expect(calls).toEqual(['join', 'leave']);
  });

  it('fetches when nobody stopped it', async () => {
    const { r, calls, join } = runner();
    const started = r.start();
    await join();
    await started;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(calls).toContain('fetch');
    await r.stop();
    expect(r.running).toBe(false);
  });

  // The fetch a stop() waits for can end in a rebalance: kafkajs joined the group again before it
  // saw the stop, and its leave came only after that join (kafkajs#1571).
  it('leaves rather than joins again when a rebalance ends the fetch a stop() waits for', async () => {
    const { r, calls, join, rebalance } = runner();
    const started = r.start();
    await join();
    await started;
    await new Promise((resolve) => setTimeout(resolve, 20));
    rebalance();
    await r.stop();
    expect(calls.filter((c) => c !== 'fetch')).toEqual(['join', 'leave']);
  });
});
