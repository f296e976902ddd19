// esbuild for the NestJS apps. esbuild cannot emit decorator metadata, which Nest's dependency
// injection reads, so files with decorators go through tsc (esbuild-plugin-tsc); esbuild does
// the rest. node_modules stay external (thirdParty: false in project.json) so OpenTelemetry's
// require hooks still see http, express, pino and kafkajs.
const esbuildPluginTsc = require('esbuild-plugin-tsc');
const path = require('node:path');

module.exports = {
  plugins: [esbuildPluginTsc({ tsconfigPath: path.join(__dirname, '..', '..', 'tsconfig.base.json') })],
  sourcemap: true,
  // Keeps class and function names, which Nest uses in logs and which span names are built from.
  keepNames: true,
};
