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
