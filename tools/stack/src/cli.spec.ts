import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

// Only command lines the launcher refuses: they fail before anything is started or stopped.
// Through tools/scripts/stack.js, as `npm run stack:*` runs it (bootstrap, then cli.ts under tsx).
describe('the stack command line (tools/scripts/stack.js, cli.ts)', () => {
  const shim = join(__dirname, '..', '..', 'scripts', 'stack.js');
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, [shim, ...args], { encoding: 'utf8', timeout: 30_000 });

  it.each([
    [['up', '--brokers', '2'], /--brokers must be 1 or 3 \(a quorum needs an odd count\); got "2"/],
    [['up', '--brokers'], /--brokers <value>' argument missing/],
    [['down', 'zookeeper'], /Unknown component\(s\): zookeeper/],
    [['restart'], /^usage: /m],
  ])('refuses %j with what is wrong', (args, message) => {
    const run = cli(...args);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(message);
  });

  it('answers a flag it does not take with the usage and exit code 2', () => {
    const run = cli('status', '--json');
    expect([run.status, run.stderr]).toEqual([
      2,
      expect.stringMatching(/Unknown option '--json'[\s\S]*usage: node tools\/scripts\/stack\.js/),
    ]);
  });
});
