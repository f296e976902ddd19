import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { register } from 'tsconfig-paths';

// jest loads the global setup and teardown with Node's own require (transformed by ts-jest, but not
// resolved by jest's resolver), so the workspace's `@ituna/*` paths are taught to Node here: import
// this file before any `@ituna/*` import there. The tests themselves resolve them through jest.
const root = join(__dirname, '..', '..', '..', '..');
const { compilerOptions } = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8')) as {
  compilerOptions: { paths: Record<string, string[]> };
};
register({ baseUrl: root, paths: compilerOptions.paths });
