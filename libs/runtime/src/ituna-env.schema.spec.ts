import { loadItunaConfig } from './ituna.config';

describe('loadItunaConfig: the environment, checked at start', () => {
  it('gives the defaults for an empty environment (and for empty values)', () => {
    const config = loadItunaConfig('kitchen-service', { LOG_LEVEL: '', ITUNA_KITCHEN_LEDGER_SIZE: '' });
    expect(config).toMatchObject({
      port: 3005,
      host: '0.0.0.0',
      simulatorIntervalMs: 5000,
      bodyLimit: '64kb',
      log: { level: 'info' },
      blockedCustomers: [],
      kitchenLedgerSize: 100_000,
    });
    expect(config.log.format).toBeUndefined();
  });

  it('reads each variable', () => {
    const config = loadItunaConfig('order-validation', {
      PORT: '4004',
      HOST: '127.0.0.1',
      ITUNA_SIMULATOR_INTERVAL_MS: '0',
      ITUNA_BODY_LIMIT: '1mb',
      LOG_LEVEL: 'debug',
      LOG_FORMAT: 'json',
      ITUNA_BLOCKED_CUSTOMERS: ' a , b,,c ',
      ITUNA_KITCHEN_LEDGER_SIZE: '500',
    });
    expect(config).toMatchObject({
      port: 4004,
      host: '127.0.0.1',
      simulatorIntervalMs: 0,
      bodyLimit: '1mb',
      log: { level: 'debug', format: 'json' },
      blockedCustomers: ['a', 'b', 'c'],
      kitchenLedgerSize: 500,
    });
  });

  it.each([
    ['ITUNA_KITCHEN_LEDGER_SIZE', 'lots', 'ITUNA_KITCHEN_LEDGER_SIZE must be a whole number >= 1 (got "lots")'],
    ['ITUNA_KITCHEN_LEDGER_SIZE', '0', 'ITUNA_KITCHEN_LEDGER_SIZE must be a whole number >= 1 (got "0")'],
    ['PORT', '-1', 'PORT must be a whole number >= 0 (got "-1")'],
    ['ITUNA_SIMULATOR_INTERVAL_MS', '1.5', 'ITUNA_SIMULATOR_INTERVAL_MS must be a whole number >= 0 (got "1.5")'],
    ['LOG_LEVEL', 'verbose', 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "verbose")'],
    ['LOG_FORMAT', 'yaml', 'LOG_FORMAT must be json or pretty (got "yaml")'],
    ['ITUNA_BODY_LIMIT', 'big', 'ITUNA_BODY_LIMIT must be a size such as 64kb or 1mb (got "big")'],
    ['ITUNA_FAULTS', '{"cook-order":', 'ITUNA_FAULTS must be a faults document: faults: not JSON'],
  ])('refuses %s=%j, naming it', (name, value, message) => {
    expect(() => loadItunaConfig('kitchen-service', { [name]: value })).toThrow(`invalid configuration: ${message}`);
  });

  it('names every bad variable at once', () => {
    expect(() => loadItunaConfig('kitchen-service', { PORT: 'x', LOG_FORMAT: 'yaml' })).toThrow(
      /PORT must be .*; LOG_FORMAT must be json or pretty/,
    );
  });
});
