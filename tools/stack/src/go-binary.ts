// Programs the stack builds from Go modules of its own (a `tool` directive pinned by go.mod and
// go.sum under tools/stack/<name>/), cached per user and built once per pin.
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import * as paths from './paths';
import { cacheKey } from './config';
import { runWithProgress } from './progress';

export interface GoProgram {
  /** The cached binary's name, and the label of the build. */
  name: string;
  /** The module's version, for the cache key and the log. */
  version: string;
  /** The folder of go.mod and go.sum. */
  moduleDir: string;
  /** The package to build. */
  pkg: string;
  /** Built at low priority, beside work that must not wait for it. */
  lowPriority?: boolean;
}

/** The program's binary; built with go the first time, then taken from the cache. */
export async function ensureGoBinary({
  name,
  version,
  moduleDir,
  pkg,
  lowPriority = false,
}: GoProgram): Promise<string> {
  const pins = ['go.mod', 'go.sum'].map((f) => readFileSync(join(moduleDir, f), 'utf8')).join('\n');
  const binary = join(paths.cacheDir, `${name}-${version}-${cacheKey(pins)}`);
  if (existsSync(binary)) return binary;
  mkdirSync(paths.cacheDir, { recursive: true });
  const tmp = `${binary}.${process.pid}.tmp`;
  await runWithProgress(
    `Building ${name} ${version} from its Go module (first run only)`,
    'go',
    ['build', '-ldflags=-s -w', '-o', tmp, pkg],
    { cwd: moduleDir, env: { ...process.env, GOFLAGS: '-mod=readonly' }, lowPriority },
  );
  renameSync(tmp, binary);
  return binary;
}
