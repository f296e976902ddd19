import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { syncGeneratedSection } from '@ituna/contracts';
import { LAUNCHER_VARIABLES, launcherEnvTable } from './launcher-env';

const root = join(__dirname, '..', '..', '..');
const PAGE = join(root, 'docs', 'configuration.md');

/** The variables a source file reads: process.env.X, env.X, env['X'], and choiceFromEnv(env, 'X'). */
function variablesRead(source: string): string[] {
  const names = new Set<string>();
  for (const m of source.matchAll(/\benv(?:\.|\[')([A-Z][A-Z0-9_]+)\b(?!\s*=[^=])/g)) names.add(m[1]);
  for (const m of source.matchAll(/FromEnv\(\s*env,\s*'([A-Z][A-Z0-9_]+)'/g)) names.add(m[1]);
  return [...names];
}

const sources = [
  ...readdirSync(__dirname)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'))
    .map((f) => join(__dirname, f)),
  ...['bootstrap.js', 'start.js', 'stack.js'].map((f) => join(root, 'tools', 'scripts', f)),
];

describe('docs/configuration.md, the launcher', () => {
  it('lists the launcher variables as launcher-env.ts declares them (npm run docs:config writes it)', () => {
    const { current, expected } = syncGeneratedSection(PAGE, 'tools/stack LAUNCHER_VARIABLES', launcherEnvTable(), {
      write: process.env.ITUNA_UPDATE_DOCS === 'true',
    });
    expect(current).toBe(expected);
  });

  it('names every variable the launcher reads, here or with the services', () => {
    const page = readFileSync(PAGE, 'utf8');
    const read = [...new Set(sources.flatMap((f) => variablesRead(readFileSync(f, 'utf8'))))].sort();
    // Found at all: the scan is not empty-handed, so a missing variable below is a real one.
    expect(read).toEqual(expect.arrayContaining(['JAEGER_STORAGE', 'ITUNA_KAFKA_NODES', 'KAFKA_HEAP_MAX']));
    const undocumented = read.filter((name) => !page.includes(`\`${name}\``) && !name.startsWith('OTEL_'));
    expect(undocumented).toEqual([]);
    expect(new Set(LAUNCHER_VARIABLES.map((v) => v.name)).size).toBe(LAUNCHER_VARIABLES.length);
  });
});
