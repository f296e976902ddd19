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
  PORT: envOptional(envWholeNumber(0, 65_535)),
  HOST: envOptional(z.string()),
  ITUNA_BODY_LIMIT: envOptional(
    z
      .string()
      .trim()
      .regex(/^\d+(\.\d+)? ?(b|kb|mb|gb)?$/i, 'must be a size such as 64kb or 1mb'),
  ),
  LOG_LEVEL: envOptional(z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` })),
  LOG_FORMAT: envOptional(z.enum(['json', 'pretty'], { error: 'must be json or pretty' })),
  /** Faults injected into steps (JSON, see faults.ts), for demos and fault tests. */
  ITUNA_FAULTS: envOptional(
    z.string().superRefine((text, ctx) => {
      try {
        parseFaults(text);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: `must be a faults document: ${(err as Error).message}` });
      }
    }),
  ),
  /** A file holding faults, read again whenever it changes. */
  ITUNA_FAULTS_FILE: envOptional(z.string()),
  /** Every simulated step's work to 0 unless its own variable is set (tests, benchmarks). */
  ITUNA_ZERO_DELAYS: envOptional(envBoolean()),
  /** Read by libs/tracing before the app starts; checked here with the rest. */
  ITUNA_TRUST_INCOMING_TRACE_CONTEXT: envOptional(envBoolean()),
  ITUNA_TRACE_CLIENT_DETAILS: envOptional(envBoolean()),
  ITUNA_TRACING_SPAN_COUNTS: envOptional(envBoolean()),
  ...KafkaEnvSchema.shape,
});
