'use strict';
// npm run stack:up | stack:down | stack:status [kafka] [jaeger]
const { up, down, status, COMPONENTS } = require('./stack');

async function main([command, ...rest]) {
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
      console.error('usage: node tools/stack/cli.js up|down|status [kafka] [jaeger]');
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(`[stack] ${err.message}`);
    process.exit(1);
  },
);
