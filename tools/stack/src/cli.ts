// npm run stack:up | stack:down | stack:status [kafka] [jaeger] [prometheus], through tools/scripts/stack.js.
import { parseArgs } from 'node:util';
import { STACK_COMPONENTS, parseKafkaNodeCount, wantedComponents, type StackComponent } from './config';
import { stackDown, stackStatus, stackUp } from './stack';

export const USAGE = 'usage: node tools/scripts/stack.js up|down|status [--brokers 1|3] [kafka] [jaeger] [prometheus]';

function isComponent(name: string): name is StackComponent {
  return (STACK_COMPONENTS as readonly string[]).includes(name);
}

/** --brokers' value, refused as a command line the launcher does not take (exit code 2). */
function brokersFlag(value: string): number {
  try {
    return parseKafkaNodeCount(value, '--brokers');
  } catch (err) {
    throw Object.assign(err as Error, { code: 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' });
  }
}

async function run(argv: string[]): Promise<number> {
  // Strict: a flag the launcher does not take is an error, not a component list that silently means all.
  const { positionals, values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: true,
    options: { brokers: { type: 'string' } },
  });
  // --brokers N is ITUNA_KAFKA_NODES=N for this command (checked the same way).
  if (values.brokers !== undefined) process.env.ITUNA_KAFKA_NODES = String(brokersFlag(values.brokers));
  const [command, ...rest] = positionals;
  // By default: up, what the environment asks for (no Prometheus with ITUNA_METRICS=off); down, all of ours.
  const names = rest.length ? rest : command === 'down' ? [...STACK_COMPONENTS] : wantedComponents();
  const unknown = names.filter((c) => !isComponent(c));
  if (unknown.length)
    throw new Error(`Unknown component(s): ${unknown.join(', ')}; expected ${STACK_COMPONENTS.join(', ')}`);
  const components = names.filter(isComponent);
  switch (command) {
    case 'up':
      await stackUp(components);
      return 0;
    case 'down':
      await stackDown(components);
      return 0;
    case 'status': {
      const rows = await stackStatus();
      for (const r of rows) {
        console.log(
          `${r.component.padEnd(10)} ${r.healthy ? 'healthy  ' : 'down     '} ${r.owner.padEnd(18)} ${r.where}`,
        );
      }
      return rows.every((r) => r.healthy) ? 0 : 1;
    }
    default:
      console.error(USAGE);
      return 2;
  }
}

/**
 * Runs the command line; resolves with the exit code: 0 done (status: all healthy), 1 failed (status:
 * something is down), 2 a command line it does not take (the usage printed).
 */
export async function main(argv: string[]): Promise<number> {
  try {
    return await run(argv);
  } catch (err) {
    // node:util's parseArgs names the flag it refuses (ERR_PARSE_ARGS_UNKNOWN_OPTION).
    const usage = String((err as NodeJS.ErrnoException).code ?? '').startsWith('ERR_PARSE_ARGS');
    console.error(`[stack] ${(err as Error).message}${usage ? `\n${USAGE}` : ''}`);
    return usage ? 2 : 1;
  }
}
