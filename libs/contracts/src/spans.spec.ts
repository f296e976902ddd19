import { SERVICE_NAMES, SERVICE_PORTS } from './services';
import { SPANS, processSpanOf, sendSpanOf } from './spans';
import { TOPICS } from './topics';

// The names below are read by tools outside the repo (Jaeger searches, dashboards): spelled out
// here on purpose, so that renaming one in SPANS fails a test instead of silently breaking them.
describe('span names', () => {
  it('keep the names the report, the insights page and saved searches rely on', () => {
    expect(Object.values(SPANS)).toEqual([
      'place-order',
      'validate-order',
      'validate-address',
      'validate-name',
      'validate-inventory',
      'cook-order',
      'cut-fish',
      'plate',
      'commit-transaction',
    ]);
  });

  it('name the Kafka spans after the topic, as the messaging conventions do', () => {
    expect(sendSpanOf(TOPICS.orders)).toBe('send ituna-orders');
    expect(processSpanOf(TOPICS.kitchen)).toBe('process kitchen-orders');
  });
});

describe('services', () => {
  it('each listen on their own port', () => {
    expect(SERVICE_NAMES).toHaveLength(5);
    expect(new Set(Object.values(SERVICE_PORTS)).size).toBe(SERVICE_NAMES.length);
  });
});
