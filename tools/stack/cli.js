'use strict';
// npm run stack:up | stack:down | stack:status [kafka] [jaeger]
const { parseArgs } = require('node:util');
const { up, down, status, COMPONENTS } = require('./stack');

const USAGE = 'usage: node tools/stack/cli.js up|down|status [kafka] [jaeger]';

async function main(argv) {
  // Strict: a flag the launcher does not take is an error, not a component list that silently means all.
  const [command, ...rest] = parseArgs({ args: argv, strict: true, allowPositionals: true, options: {} }).positionals;
  const components = rest.length ? rest : COMPONENTS;
  const unknown = components.filter((c) => !COMPONENTS.includes(c));
  if (unknown.length) throw new Error(`Unknown component(s): ${unknown.join(', ')}; expected ${COMPONENTS.join(', ')}`);
  switch (command) {
    case 'up':
      await up(components);
      return 0;
    case 'down':
      await down(components);
      return 0;
    case 'status': {
      const rows = await status();
      for (const r of rows) console.log(`${r.component.padEnd(7)} ${r.healthy ? 'healthy  ' : 'down     '} ${r.owner.padEnd(18)} ${r.where}`);
      return rows.every((r) => r.healthy) ? 0 : 1;
    }
    default:
      console.error(USAGE);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    // node:util's parseArgs names the flag it refuses (ERR_PARSE_ARGS_UNKNOWN_OPTION).
    const usage = String(err.code ?? '').startsWith('ERR_PARSE_ARGS');
    console.error(`[stack] ${err.message}${usage ? `\n${USAGE}` : ''}`);
    process.exit(usage ? 2 : 1);
  },
);
