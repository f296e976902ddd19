import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

export const run = promisify(execFile);
export const repoRoot = join(__dirname, '..', '..', '..', '..');

/** The tarball `nx run tracing:package` and `npm pack` make, in a folder of its own (the caller removes it). */
export interface PackedTracing {
  dir: string;
  filename: string;
}

export async function packTracing(): Promise<PackedTracing> {
  const dir = mkdtempSync(join(tmpdir(), 'tracing-pack-'));
  await run(
    process.execPath,
    [join(repoRoot, 'node_modules', 'nx', 'dist', 'bin', 'nx.js'), 'run', 'tracing:package'],
    {
      cwd: repoRoot,
      env: { ...process.env, NX_DAEMON: 'false' },
    },
  );
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', dir], {
    cwd: join(repoRoot, 'dist', 'libs', 'tracing'),
  });
  return { dir, filename: (JSON.parse(stdout) as { filename: string }[])[0].filename };
}
