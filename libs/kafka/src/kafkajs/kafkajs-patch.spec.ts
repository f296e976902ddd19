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
