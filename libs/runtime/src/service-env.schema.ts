import { z } from 'zod';
import { envBoolean, envOptional, envWholeNumber } from '@ituna/contracts';
import { KafkaEnvSchema } from '@ituna/kafka';
import { parseFaults } from './faults';

/** pino's levels, what LOG_LEVEL takes. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * What every ITuna service reads from its environment: the HTTP side, logs, fault injection, the
 * switches of libs/tracing, and libs/kafka's variables. Each service extends it with its own into
 * the one schema ServiceModule hands ConfigModule (`validate`): a bad value stops the service at
 * start with `invalid configuration:` and the variable's name. The standard OTEL_* variables are
 * the OpenTelemetry SDK's, read and checked by it.
 */
export const ServiceEnvSchema = z.object({
  PORT: envOptional(envWholeNumber(0, 65_535), {
    default: '3001-3005 (each service its own)',
    description:
      'the HTTP port a service listens on; instance k of a service started by `npm start` listens on its port + 100\u00b7(k\u22121)',
  }),
  HOST: envOptional(z.string(), { default: '`0.0.0.0`', description: 'the address a service listens on' }),
  ITUNA_BODY_LIMIT: envOptional(
    z
      .string()
      .trim()
      .regex(/^\d+(\.\d+)? ?(b|kb|mb|gb)?$/i, 'must be a size such as 64kb or 1mb'),
    {
      default: '`64kb`',
      description: 'the largest `POST /orders` body (a size such as `64kb` or `1mb`); a larger one is answered 413',
    },
  ),
  LOG_LEVEL: envOptional(z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }), {
    default: '`info`',
    description:
      "`fatal`, `error`, `warn`, `info`, `debug`, `trace` or `silent`; `debug` also shows NestJS's start-up lines in a terminal",
  }),
  LOG_FORMAT: envOptional(z.enum(['json', 'pretty'], { error: 'must be json or pretty' }), {
    default: '`pretty` in a terminal, else `json`',
    description:
      '`json`: one JSON object per line, every field; `pretty`: `time - service - LEVEL - message`, with the order id and a short trace id',
  }),
  /** Faults injected into steps (JSON, see faults.ts), for demos and fault tests. */
  ITUNA_FAULTS: envOptional(
    z.string().superRefine((text, ctx) => {
      try {
        parseFaults(text);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: `must be a faults document: ${(err as Error).message}` });
      }
    }),
    {
      default: '',
      description:
        'faults injected into steps, as JSON: per step `extraDelayMs`, `failRate`, `failTimes`, `orderIds` (the step `commit-transaction` holds each Kafka transaction open before its commit)',
    },
  ),
  /** A file holding faults, read again whenever it changes. */
  ITUNA_FAULTS_FILE: envOptional(z.string(), {
    default: '',
    description: 'a file holding the same JSON, read again whenever it changes',
  }),
  /** Every simulated step's work to 0 unless its own variable is set (tests, benchmarks). */
  ITUNA_ZERO_DELAYS: envOptional(envBoolean(), {
    default: '`false`',
    description: "`true` sets every simulated step's work to 0 unless its own variable is set (tests, benchmarks)",
  }),
  /** Read by libs/tracing before the app starts; checked here with the rest. */
  ITUNA_TRUST_INCOMING_TRACE_CONTEXT: envOptional(envBoolean(), {
    default: '`true`',
    description:
      "`false` on a service facing callers you do not control: each request starts a new trace, the caller's context kept as a link",
  }),
  ITUNA_TRACE_CLIENT_DETAILS: envOptional(envBoolean(), {
    default: '`false`',
    description: "`true` keeps the HTTP caller's address, port and user agent on server spans",
  }),
  ITUNA_TRACING_SPAN_COUNTS: envOptional(envBoolean(), {
    default: '`false`',
    description:
      '`true` prints a line saying how many spans were ended, exported and dropped, at exit and on SIGWINCH (the bench reads it)',
  }),
  ...KafkaEnvSchema.shape,
});
