// esbuild for the NestJS apps. esbuild cannot emit decorator metadata, which Nest's dependency
// injection reads, so files with decorators go through tsc (esbuild-plugin-tsc); esbuild does
// the rest.
//
// Third-party packages are bundled (thirdParty: true in project.json): a service then reads one
// file where it read some two thousand, and finding and reading them took most of its start.
const path = require('node:path');
const esbuildPluginTsc = require('esbuild-plugin-tsc');

/** Loaded by Node's require() at run time, not bundled. */
const external = [
  // What OpenTelemetry's instrumentations patch: their require() hook must see them load.
  'kafkajs',
  'express',
  'pino',
  '@nestjs/core',
  // NestJS as one set with @nestjs/core, and what it shares state through: one copy of each in
  // the process (DI tokens, rxjs's Observable, reflect-metadata's store).
  '@nestjs/*',
  'rxjs',
  'reflect-metadata',
  // Required only when asked for (an instrumentation other than the five a service uses): in the
  // bundle, its 40-odd instrumentations would be 2 MB more for every start to read.
  '@opentelemetry/auto-instrumentations-node',
];

/**
 * Every package is reached as require() reaches it: its CommonJS build. tsc turns the decorated
 * files' imports into require() calls, while esbuild reads the other files' `import`s, which
 * would pick a dual package's ES module build: two copies of nestjs-pino (Nest could not find the
 * Logger the other had provided), and OpenTelemetry's ES modules, whose
 * createRequire(import.meta.url) a CommonJS bundle breaks.
 */
const resolveAsRequire = {
  name: 'resolve-as-require',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) =>
      args.kind === 'import-statement'
        ? build.resolve(args.path, { kind: 'require-call', resolveDir: args.resolveDir, importer: args.importer })
        : undefined,
    );
  },
};

module.exports = {
  plugins: [
    resolveAsRequire,
    esbuildPluginTsc({ tsconfigPath: path.join(__dirname, '..', '..', 'tsconfig.base.json') }),
  ],
  external,
  sourcemap: true,
  // Keeps class and function names, which Nest uses in logs and which span names are built from.
  keepNames: true,
};
