import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..', '..');

/** Runs the built insights CLI (what `npm run trace` / `npm run report` run). */
export function insightsCli(...args: string[]) {
  const res = spawnSync(process.execPath, [join(root, 'dist', 'apps', 'insights', 'cli.cjs'), ...args], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}
