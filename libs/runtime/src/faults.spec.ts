import { parseFaults } from './faults';

describe('parseFaults', () => {
  it('reads step delays and failure rates', () => {
    expect(parseFaults('{"validate-inventory":{"extraDelayMs":800},"validate-address":{"failRate":0.1}}')).toEqual({
      'validate-inventory': { extraDelayMs: 800, failRate: 0 },
      'validate-address': { extraDelayMs: 0, failRate: 0.1 },
    });
    expect(parseFaults(undefined)).toEqual({});
  });

  it('reads per-order transient faults', () => {
    expect(parseFaults('{"cook-order":{"failTimes":2,"orderIds":["a"]}}')).toEqual({
      'cook-order': { extraDelayMs: 0, failRate: 0, failTimes: 2, orderIds: ['a'] },
    });
  });

  it.each([
    ['{', /^faults: not JSON/],
    ['[]', /^faults: must be an object/],
    ['{"cook-order":{"failRate":2}}', 'faults.cook-order.failRate: must be a number from 0 to 1'],
    ['{"cook-order":{"extraDelayMs":-1}}', 'faults.cook-order.extraDelayMs: must be a number >= 0'],
    ['{"cook-order":{"slow":true}}', 'faults.cook-order: unknown setting slow'],
    ['{"cook-order":{"failTimes":1.5}}', 'faults.cook-order.failTimes: must be a whole number >= 0'],
    ['{"cook-order":{"orderIds":"a"}}', 'faults.cook-order.orderIds: must be a list of order ids'],
  ])('refuses %s with a message naming the setting', (text, message) => {
    expect(() => parseFaults(text)).toThrow(message);
  });
});
