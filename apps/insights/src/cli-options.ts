import { parseArgs } from 'node:util';
import { parseSince } from '@ituna/trace-analysis';

export const CLI_USAGE =
  'usage: npm run trace -- <orderId>\n       npm run report -- [--since 15m|<ISO instant>] [--json]';

/** What the insights CLI was asked to do. */
export type CliCommand =
  { command: 'trace'; orderId: string } | { command: 'report'; since: string; json: boolean } | { command: 'help' };

/** A command line the CLI does not take: said in one line, printed with the usage. */
export class CliUsageError extends Error {}

/**
 * Parses the command line strictly with node:util's parseArgs: an unknown flag, a flag without its
 * value or a stray argument is an error (`--since` alone used to mean 15m without a word).
 */
export function parseCliCommand(argv: readonly string[]): CliCommand {
  const [command, ...args] = argv;
  try {
    switch (command) {
      case 'trace': {
        const { positionals, values } = parseArgs({
          args,
          strict: true,
          allowPositionals: true,
          options: { help: { type: 'boolean' } },
        });
        if (values.help) return { command: 'help' };
        if (positionals.length !== 1)
          throw new CliUsageError(
            positionals.length ? `trace takes one order id (got ${positionals.length})` : 'trace needs an order id',
          );
        return { command: 'trace', orderId: positionals[0] };
      }
      case 'report': {
        const { values } = parseArgs({
          args,
          strict: true,
          allowPositionals: false,
          options: {
            since: { type: 'string', default: '15m' },
            json: { type: 'boolean', default: false },
            help: { type: 'boolean' },
          },
        });
        if (values.help) return { command: 'help' };
        try {
          parseSince(values.since);
        } catch (err) {
          throw new CliUsageError(`--since: ${(err as Error).message}`);
        }
        return { command: 'report', since: values.since, json: values.json };
      }
      case '--help':
      case 'help':
        return { command: 'help' };
      default:
        throw new CliUsageError(
          command ? `unknown command "${command}"; expected trace or report` : 'no command; expected trace or report',
        );
    }
  } catch (err) {
    throw err instanceof CliUsageError ? err : new CliUsageError((err as Error).message);
  }
}
