import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

describe('npm start (tools/scripts/start.js)', () => {
  it.each([[['--brokers', '3']], [['kafka']]])('refuses %j before it installs or starts anything', (args) => {
    const run = spawnSync(process.execPath, [join(__dirname, 'start.js'), ...args], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(
      /^\[start\] .*(Unknown option '--brokers'|Unexpected argument 'kafka')[\s\S]*usage: npm start/,
    );
    expect(run.stdout).toBe('');
  });
});

describe('npm start --instances', () => {
  it.each([
    ['order-validaton=2', /"order-validaton" is not a service/],
    ['kitchen-service=0', /"kitchen-service=0" needs a whole count from 1 to 9, as in kitchen-service=2/],
    ['kitchen-service', /"kitchen-service" needs a whole count from 1 to 9/],
  ])('refuses %s, naming the part, before the stack or a build starts', (value, message) => {
    const run = spawnSync(process.execPath, [join(__dirname, 'start.js'), '--instances', value], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).not.toMatch(/starting|building/);
  });
});
