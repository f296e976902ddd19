import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The package other teams install: built (`nx run tracing:package`), packed with npm, unpacked
// where only it and the dependencies resolve, then loaded both ways an app can load it.
const root = join(__dirname, '..', '..', '..');
const dist = join(root, 'dist', 'libs', 'tracing');

interface Packed {
  filename: string;
  size: number;
  files: { path: string }[];
}

describe('the @ituna/tracing package', () => {
  let packed: Packed;
  let work: string;

  beforeAll(() => {
    execFileSync(
      process.execPath,
      [join(root, 'node_modules', 'nx', 'dist', 'bin', 'nx.js'), 'run', 'tracing:package', '--output-style=static'],
      { cwd: root, stdio: 'pipe', env: { ...process.env, NX_DAEMON: 'false' } },
    );
    work = mkdtempSync(join(tmpdir(), 'ituna-tracing-pack-'));
    const out = execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: dist, encoding: 'utf8' });
    [packed] = JSON.parse(out) as Packed[];
  }, 180_000);

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('holds the built code, its types, the ESM entry and the docs, nothing else', () => {
    const paths = packed.files.map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['package.json', 'README.md', 'CHANGELOG.md', 'esm/index.mjs']));
    expect(paths.filter((p) => p.startsWith('src/') && !/\.(js|d\.ts)$/.test(p))).toEqual([]);
    expect(paths.filter((p) => /spec|testing/.test(p))).toEqual([]);
    console.log(`${packed.filename}: ${packed.size} bytes, ${paths.length} files`);
  });

  it('has docs whose relative links lead to files in the package (none into the monorepo)', () => {
    const unpacked = join(work, 'docs');
    mkdirSync(unpacked, { recursive: true });
    execFileSync('tar', ['-xzf', join(work, packed.filename), '-C', unpacked, '--strip-components=1']);
    const dead = ['README.md', 'CHANGELOG.md'].flatMap((doc) =>
      [...readFileSync(join(unpacked, doc), 'utf8').matchAll(/\]\(([^)\s#]+)[^)]*\)/g)]
        .map(([, target]) => target)
        .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target) && !existsSync(join(unpacked, target)))
        .map((target) => `${doc}: ${target}`),
    );
    expect(dead).toEqual([]);
  });

  it('loads with require() and with import, exporting the same names from one copy of the code', () => {
    // An app's node_modules: the unpacked package and, beside it, the workspace's dependencies.
    const modules = join(work, 'app', 'node_modules');
    const target = join(modules, '@ituna', 'tracing');
    mkdirSync(target, { recursive: true });
    execFileSync('tar', ['-xzf', join(work, packed.filename), '-C', target, '--strip-components=1']);
    for (const entry of readdirSync(join(root, 'node_modules'))) {
      if (entry.startsWith('.') || entry === '@ituna') continue;
      symlinkSync(join(root, 'node_modules', entry), join(modules, entry));
    }
    const run = (args: string[]) => spawnSync(process.execPath, args, { cwd: join(work, 'app'), encoding: 'utf8' });
    const cjs = run(['-e', "console.log(JSON.stringify(Object.keys(require('@ituna/tracing')).sort()))"]);
    const esm = run([
      '--input-type=module',
      '-e',
      "import * as t from '@ituna/tracing'; import { createRequire } from 'node:module';" +
        "const c = createRequire(import.meta.url)('@ituna/tracing');" +
        "console.log(JSON.stringify({ names: Object.keys(t).filter((k) => k !== 'default').sort(), same: t.Traced === c.Traced }));",
    ]);
    expect(cjs.stderr).toBe('');
    expect(esm.stderr).toBe('');
    const names = JSON.parse(cjs.stdout) as string[];
    expect(names).toEqual(
      expect.arrayContaining(['Traced', 'TracingModule', 'KafkaTracingInterceptor', 'startTracing', 'emitTraced']),
    );
    expect(JSON.parse(esm.stdout)).toEqual({ names: names.filter((n) => n !== '__esModule'), same: true });
  });
});
