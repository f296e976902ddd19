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
