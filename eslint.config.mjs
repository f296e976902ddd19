// ESLint flat config: Nx's TypeScript and JavaScript presets (typescript-eslint's recommended
// rules, formatting left to Prettier) and the project graph's boundaries, read from the tags in
// each project.json. `npm test` runs it (tools/checks/lint.spec.ts); `npm run lint` alone.
import nx from '@nx/eslint-plugin';

/** Who may import whom: the libs are a staircase, the apps and tools stand on it. */
const depConstraints = [
  // libs, bottom up: contracts and tracing stand alone (tracing is lifted into other systems).
  { sourceTag: 'layer:contracts', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'layer:tracing', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'layer:kafka', onlyDependOnLibsWithTags: ['layer:contracts', 'layer:tracing'] },
  { sourceTag: 'layer:runtime', onlyDependOnLibsWithTags: ['layer:contracts', 'layer:tracing', 'layer:kafka'] },
  {
    sourceTag: 'layer:ordering',
    onlyDependOnLibsWithTags: ['layer:contracts', 'layer:tracing', 'layer:kafka', 'layer:runtime'],
  },
  { sourceTag: 'layer:analysis', onlyDependOnLibsWithTags: ['layer:contracts'] },
  // apps and tools: libs only, never each other (the e2e suite and the bench also drive the launcher).
  { sourceTag: 'type:service', onlyDependOnLibsWithTags: ['type:lib'] },
  { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:lib'] },
  { sourceTag: 'type:launcher', onlyDependOnLibsWithTags: ['layer:contracts'] },
  // The testbed (services, a cluster, load, faults and the checker) serves the e2e suite and `npm run chaos`.
  { sourceTag: 'type:testbed', onlyDependOnLibsWithTags: ['type:lib', 'type:launcher', 'type:testbed'] },
  { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:lib', 'type:launcher', 'type:testbed'] },
  { sourceTag: 'type:bench', onlyDependOnLibsWithTags: ['type:lib', 'type:launcher'] },
  { sourceTag: 'scope:tools', onlyDependOnLibsWithTags: ['type:lib', 'type:launcher'] },
];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  { ignores: ['**/dist', '**/node_modules', 'tmp', '.stack', 'coverage', 'patches'] },
  {
    files: ['**/*.ts', '**/*.js', '**/*.mjs', '**/*.cjs'],
    rules: {
      '@nx/enforce-module-boundaries': ['error', { enforceBuildableLibDependency: true, allow: [], depConstraints }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
  {
    // In TypeScript a require() loses the types: only where a comment says why (an optional module, a patch).
    files: ['**/*.ts'],
    rules: { '@typescript-eslint/no-require-imports': 'error' },
  },
  {
    // A test that reaches a value it has just asserted on may say so with `!`.
    files: ['**/*.spec.ts', '**/*.e2e-spec.ts', 'apps/ituna-e2e/src/support/**/*.ts', 'tools/testbed/src/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    // The scripts that run before dependencies exist are CommonJS on purpose.
    files: ['**/*.js', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
];
