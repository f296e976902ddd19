import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * bootstrap.js in a workspace of its own: a lock file, a fake `npm` first on PATH that "installs"
 * one package and counts its runs, and a cache folder of its own (XDG_CACHE_HOME).
 */
class Workspace {
  readonly dir = mkdtempSync(join(tmpdir(), 'ituna-bootstrap-'));
  readonly root = join(this.dir, 'checkout');
  readonly cache = join(this.dir, 'cache');
  private readonly bin = join(this.dir, 'bin');
  private readonly npmRuns = join(this.dir, 'npm-runs');

  constructor(lock = '{"lockfileVersion":3}') {
    // bootstrap.js alone: it runs before the dependencies (and the launcher's TypeScript) can load.
    mkdirSync(join(this.root, 'tools/scripts'), { recursive: true });
    copyFileSync(join(__dirname, 'bootstrap.js'), join(this.root, 'tools/scripts/bootstrap.js'));
    writeFileSync(join(this.root, 'package-lock.json'), lock);
    mkdirSync(this.bin);
    // `npm ci`: a fresh node_modules holding one package, as npm ci leaves it.
    writeFileSync(
      join(this.bin, 'npm'),
      `#!/bin/sh\necho run >> "${this.npmRuns}"\nrm -rf node_modules && mkdir -p node_modules/pkg && echo 'module.exports = 1' > node_modules/pkg/index.js\n`,
    );
    chmodSync(join(this.bin, 'npm'), 0o755);
  }

  /** Runs the bootstrap's dependency step (the Node running jest is new enough to stay). */
  bootstrap(env: Record<string, string> = {}): string {
    const res = spawnSync(
      process.execPath,
      ['-e', `require(${JSON.stringify(join(this.root, 'tools/scripts/bootstrap.js'))}).bootstrap('unused')`],
      {
        cwd: this.root,
        env: { ...process.env, ...env, PATH: `${this.bin}:${process.env.PATH}`, XDG_CACHE_HOME: this.cache },
        encoding: 'utf8',
      },
    );
    if (res.status !== 0) throw new Error(`bootstrap failed: ${res.stderr}`);
    return res.stderr;
  }

  get npmCiRuns(): number {
    return existsSync(this.npmRuns) ? readFileSync(this.npmRuns, 'utf8').trim().split('\n').length : 0;
  }

  get kept(): string[] {
    const dir = join(this.cache, 'ituna', 'node-modules');
    return existsSync(dir) ? readdirSync(dir) : [];
  }

  file(path: string): string {
    return join(this.root, path);
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

describe('bootstrap: dependencies installed once per lock file', () => {
  let ws: Workspace;
  beforeEach(() => (ws = new Workspace()));
  afterEach(() => ws.remove());

  it('runs npm ci on a fresh clone, keeps a copy, and restores it without npm when node_modules is gone', () => {
    expect(ws.bootstrap()).toMatch(/installing locked dependencies/);
    expect(ws.npmCiRuns).toBe(1);
    expect(ws.kept).toHaveLength(1);

    rmSync(ws.file('node_modules'), { recursive: true });
    expect(ws.bootstrap()).toMatch(/dependencies restored in [\d.]+s/);
    expect(ws.npmCiRuns).toBe(1);
    expect(readFileSync(ws.file('node_modules/pkg/index.js'), 'utf8')).toBe('module.exports = 1\n');

    // In place and stamped: the next start does nothing at all.
    expect(ws.bootstrap()).toBe('');
    expect(ws.npmCiRuns).toBe(1);
  });

  it('replaces a stale node_modules (another lock file) with the kept copy of this one', () => {
    ws.bootstrap();
    writeFileSync(ws.file('node_modules/.ituna-lock-hash'), 'another lock file');
    writeFileSync(ws.file('node_modules/left-over.js'), '');
    expect(ws.bootstrap()).toMatch(/restored/);
    expect(existsSync(ws.file('node_modules/left-over.js'))).toBe(false);
    expect(ws.npmCiRuns).toBe(1);
  });

  it('never writes through a hard link into the kept copy: the restored stamp is a file of its own', () => {
    ws.bootstrap();
    rmSync(ws.file('node_modules'), { recursive: true });
    ws.bootstrap();
    const keptStamp = join(ws.cache, 'ituna', 'node-modules', ws.kept[0], 'node_modules', '.ituna-lock-hash');
    expect(statSync(ws.file('node_modules/.ituna-lock-hash')).ino).not.toBe(statSync(keptStamp).ino);
    // The package files are shared (hard links) where the file system allows.
    expect(statSync(ws.file('node_modules/pkg/index.js')).nlink).toBeGreaterThanOrEqual(2);
  });

  it('ignores a copy cut short (a partial folder never renamed into place) and installs instead', () => {
    mkdirSync(join(ws.cache, 'ituna', 'node-modules', 'f'.repeat(64) + '.partial-1', 'node_modules'), {
      recursive: true,
    });
    expect(ws.bootstrap()).toMatch(/installing locked dependencies/);
    expect(ws.npmCiRuns).toBe(1);
  });

  it('keeps no copy with ITUNA_DEPENDENCY_SNAPSHOT=off, and then installs every time', () => {
    ws.bootstrap({ ITUNA_DEPENDENCY_SNAPSHOT: 'off' });
    expect(ws.kept).toEqual([]);
    rmSync(ws.file('node_modules'), { recursive: true });
    ws.bootstrap({ ITUNA_DEPENDENCY_SNAPSHOT: 'off' });
    expect(ws.npmCiRuns).toBe(2);
  });

  it('keeps the two most recently used copies, one per lock file', () => {
    const hash = (lock: string) => createHash('sha256').update(lock).digest('hex');
    const locks = ['{"a":1}', '{"a":2}', '{"a":3}'];
    for (const [i, lock] of locks.entries()) {
      writeFileSync(ws.file('package-lock.json'), lock);
      ws.bootstrap();
      // The folder's mtime marks its last use: set apart by hours, whatever the clock's resolution.
      const used = new Date(Date.now() - (locks.length - i) * 3_600_000);
      if (i < locks.length - 1) utimesSync(join(ws.cache, 'ituna', 'node-modules', hash(lock)), used, used);
    }
    expect(ws.npmCiRuns).toBe(3);
    expect(ws.kept.sort()).toEqual([hash(locks[1]), hash(locks[2])].sort());
  });
});
