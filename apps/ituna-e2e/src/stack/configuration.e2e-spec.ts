import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TEST_ENV } from '@ituna/testbed';

const root = join(__dirname, '..', '..', '..', '..');

// A bad value stops the service at start, naming the variable, before it takes any order.
describe('configuration checked at start', () => {
  it.each([
    [
      'kitchen-service',
      { ITUNA_KITCHEN_LEDGER_SIZE: 'lots' },
      'ITUNA_KITCHEN_LEDGER_SIZE must be a whole number >= 1 (got "lots")',
    ],
    [
      'order-validation',
      { LOG_LEVEL: 'verbose' },
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "verbose")',
    ],
    [
      'website-ordering',
      { ITUNA_DELAY_WEBSITE_MS: 'soon', KAFKA_COMPRESSION: 'brotli' },
      'KAFKA_COMPRESSION must be one of none, gzip, snappy, lz4, zstd (got "brotli"); ' +
        'ITUNA_DELAY_WEBSITE_MS must be a number of milliseconds >= 0 (got "soon")',
    ],
    [
      'insights',
      { JAEGER_QUERY_URL: 'jaeger:16686' },
      "JAEGER_QUERY_URL must be the http(s) URL of Jaeger's query API",
    ],
  ] as const)(
    '%s with %j exits with a message naming it',
    (name, env, message) => {
      const runtimeArgs: string[] =
        JSON.parse(readFileSync(join(root, 'apps', name, 'project.json'), 'utf8')).targets.serve.options.runtimeArgs ??
        [];
      // A port of its own, so that a service of another file is never in the way.
      const run = spawnSync(process.execPath, [...runtimeArgs, join(root, 'dist', 'apps', name, 'main.cjs')], {
        cwd: root,
        env: { ...process.env, ...TEST_ENV, PORT: '3199', ...env },
        encoding: 'utf8',
        timeout: 60_000,
      });
      // Nest's exception handler prints the error and exits with 1 before the service listens.
      expect(run.status).toBe(1);
      expect(run.stderr).toContain(`Error: invalid configuration: ${message}`);
    },
    70_000,
  );
});
