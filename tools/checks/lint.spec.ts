import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { createProjectGraphAsync } from '@nx/devkit';

// `npm test` lints and checks formatting, so a problem fails CI like a failing test does.
// Prettier formats the code and the JSON; the Markdown, YAML and HTML keep their hand layout.
const FORMATTED = '**/*.{ts,js,mjs,cjs,json}';
const root = join(__dirname, '..', '..');
const run = (bin: string, args: string[]) =>
  spawnSync(process.execPath, [join(root, 'node_modules', bin), ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 240_000,
  });

describe('ESLint (eslint.config.mjs)', () => {
  it('finds no problem in any project, warnings included, module boundaries enforced', async () => {
    // The boundaries rule reads the project graph Nx caches, and skips itself without one (a clean
    // clone has none): made here, from the tags as they are now.
    await createProjectGraphAsync({ exitOnError: false });
    const res = run('eslint/bin/eslint.js', ['.', '--max-warnings', '0']);
    expect(res.stdout + res.stderr).not.toMatch(/No cached ProjectGraph/);
    expect({ status: res.status, problems: res.stdout.trim() }).toEqual({ status: 0, problems: '' });
  }, 300_000);
});

describe('Prettier (.prettierrc.json)', () => {
  it('has formatted every file it covers (npm run format writes them)', () => {
    const res = run('prettier/bin/prettier.cjs', ['--check', FORMATTED, '--log-level', 'warn']);
    expect({ status: res.status, unformatted: (res.stdout + res.stderr).trim() }).toEqual({
      status: 0,
      unformatted: '',
    });
  }, 300_000);
});
