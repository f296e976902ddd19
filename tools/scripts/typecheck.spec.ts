import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');

// jest runs the TypeScript through ts-jest without checking its types, and the scripts that run
// before the dependencies exist are JavaScript: `npm test` fails here on a type error in either.
describe('the tools type-check', () => {
  it.each([
    'tools/stack/tsconfig.lib.json',
    'tools/stack/tsconfig.spec.json',
    'tools/scripts/tsconfig.json',
    'tools/bench/tsconfig.json',
    'tools/tsconfig.spec.json',
  ])(
    'tsc --noEmit -p %s',
    (project) => {
      const run = spawnSync(process.execPath, [tsc, '--noEmit', '-p', project], {
        cwd: root,
        encoding: 'utf8',
        timeout: 120_000,
      });
      if (run.error) throw run.error;
      expect({ status: run.status, output: `${run.stdout}${run.stderr}`.trim() }).toEqual({ status: 0, output: '' });
    },
    150_000,
  );
});
