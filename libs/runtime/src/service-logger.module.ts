import { DynamicModule, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { LoggerModule, type Params } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { ITUNA_CONFIG, type ItunaConfig } from './ituna.config';
import { terminalLine } from './terminal-log-line';

/**
 * NestJS's own start-up lines: one per module, controller and route (some 15 per service). In a
 * terminal they bury what the services say; there they are logged only at LOG_LEVEL=debug.
 */
export const FRAMEWORK_STARTUP_CONTEXTS: ReadonlySet<string> = new Set([
  'NestFactory',
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestApplication',
  'NestMicroservice',
]);

/**
 * Structured pino logs: JSON lines with `service` (and, through the OpenTelemetry pino
 * instrumentation, `trace_id`/`span_id` while a span is active); in a terminal, one short line per
 * event (terminalLine). LOG_FORMAT=json or LOG_FORMAT=pretty overrides the choice. JSON keeps
 * every field of every line.
 */
@Module({})
export class ServiceLoggerModule {
  static forService(serviceName: string): DynamicModule {
    return {
      module: ServiceLoggerModule,
      imports: [
        // LOG_LEVEL and LOG_FORMAT through ConfigModule, checked with the rest (ServiceEnvSchema).
        LoggerModule.forRootAsync({
          inject: [ConfigService],
          useFactory: (config: ConfigService) =>
            loggerParams(serviceName, config.getOrThrow<ItunaConfig>(ITUNA_CONFIG).log),
        }),
      ],
    };
  }
}

/** The terminal's lines, written from the main thread (a message format function cannot cross to a transport's worker). */
async function terminalStream(): Promise<DestinationStream> {
  // Loaded only for a terminal: JSON output, what services in production write, skips its 40 ms.
  const { default: pretty } = await import('pino-pretty');
  return pretty({
    colorize: process.stdout.isTTY,
    ignore: 'time,level,pid,hostname',
    hideObject: true,
    messageFormat: terminalLine,
  });
}

async function loggerParams(serviceName: string, log: ItunaConfig['log']): Promise<Params> {
  const pretty = log.format === 'pretty' || (process.stdout.isTTY && log.format !== 'json');
  const level = log.level;
  const quietFramework = pretty && level !== 'debug' && level !== 'trace';
  const options: NonNullable<Exclude<Params['pinoHttp'], DestinationStream | unknown[]>> = {
    level,
    ...(quietFramework
      ? {
          hooks: {
            logMethod(args, method, levelValue) {
              const first = args[0] as { context?: unknown } | undefined;
              // Info and below only: a framework warning or error is always shown.
              if (
                levelValue <= 30 &&
                typeof first?.context === 'string' &&
                FRAMEWORK_STARTUP_CONTEXTS.has(first.context)
              )
                return;
              return method.apply(this, args);
            },
          },
        }
      : {}),
    base: { service: serviceName },
    autoLogging: { ignore: (req) => req.url === '/health' },
    // A request is named by its id, method and path only: its headers (credentials, the
    // caller's user agent) and the caller's address stay out of every line, as they stay
    // out of the spans, and each line stays short.
    serializers: {
      req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
    },
  };
  return { pinoHttp: pretty ? [options, await terminalStream()] : options };
}
