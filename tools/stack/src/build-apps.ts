import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './paths';

/**
 * `nx run-many -t build` for the projects given (names or `tag:` selectors), cached by Nx: what npm
 * start, the e2e suite's global setup and the bench build before they run the apps from dist. The
 * build's output is shown only when it fails, in the error.
 */
export function buildApps(projects: readonly string[]): Promise<void> {
  const nx = join(repoRoot, 'node_modules', 'nx', 'dist', 'bin', 'nx.js');
  const args = [nx, 'run-many', '-t', 'build', `--projects=${projects.join(',')}`, '--output-style=static'];
  return new Promise((resolve, reject) => {
    let output = '';
    const child = spawn(process.execPath, args, {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NX_DAEMON: 'false' },
    });
    child.stdout.on('data', (d: Buffer) => (output += d));
    child.stderr.on('data', (d: Buffer) => (output += d));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`the build of ${projects.join(', ')} failed:\n${output}`)),
    );
  });
}
