import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';

/**
 * Structured pino logs: JSON lines with `service` (and, through the OpenTelemetry pino
 * instrumentation, `trace_id`/`span_id` while a span is active); pretty in a terminal.
 * LOG_FORMAT=json or LOG_FORMAT=pretty overrides the choice.
 */
@Module({})
export class ServiceLoggerModule {
  static forService(serviceName: string): DynamicModule {
    const pretty = process.env.LOG_FORMAT === 'pretty' || (process.stdout.isTTY && process.env.LOG_FORMAT !== 'json');
    return {
      module: ServiceLoggerModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level: process.env.LOG_LEVEL ?? 'info',
            base: { service: serviceName },
            ...(pretty ? { transport: { target: 'pino-pretty', options: { singleLine: true, ignore: 'pid,hostname' } } } : {}),
            autoLogging: { ignore: (req) => req.url === '/health' },
            // A request is named by its id, method and path only: its headers (credentials, the
            // caller's user agent) and the caller's address stay out of every line, as they stay
            // out of the spans, and each line stays short.
            serializers: { req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }) },
          },
        }),
      ],
    };
  }
}
