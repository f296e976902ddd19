import { z } from 'zod';
import { parseFaults } from './faults';

/** pino's levels, what LOG_LEVEL takes. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** An unset or empty variable is the default. */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

const wholeNumber = (min: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, `must be a whole number >= ${min}`)
    .transform(Number)
    .refine((n) => n >= min, `must be a whole number >= ${min}`);

/**
 * The environment every ITuna service reads through ConfigModule (see `loadItunaConfig`), checked
 * at start: a bad value stops the service with a message that names the variable. The delays
 * (ITUNA_DELAY_*) are checked by `delaysFromEnv`, Kafka's variables by libs/kafka, OTEL_* by
 * libs/tracing.
 */
export const ItunaEnvSchema = z.object({
  PORT: optional(wholeNumber(0)),
  HOST: optional(z.string()),
  ITUNA_SIMULATOR_INTERVAL_MS: optional(wholeNumber(0)),
  ITUNA_BODY_LIMIT: optional(
    z
      .string()
      .trim()
      .regex(/^\d+(\.\d+)? ?(b|kb|mb|gb)?$/i, 'must be a size such as 64kb or 1mb'),
  ),
  LOG_LEVEL: optional(z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` })),
  LOG_FORMAT: optional(z.enum(['json', 'pretty'], { error: 'must be json or pretty' })),
  /** order-validation: customer ids the name check refuses, comma-separated. */
  ITUNA_BLOCKED_CUSTOMERS: optional(z.string()),
  /** kitchen-service: orders remembered to keep a redelivered one from being cooked twice. */
  ITUNA_KITCHEN_LEDGER_SIZE: optional(wholeNumber(1)),
  /** Faults injected into steps (JSON, see faults.ts), for demos and fault tests. */
  ITUNA_FAULTS: optional(
    z.string().superRefine((text, ctx) => {
      try {
        parseFaults(text);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: `must be a faults document: ${(err as Error).message}` });
      }
    }),
  ),
  /** A file holding faults, read again whenever it changes. */
  ITUNA_FAULTS_FILE: optional(z.string()),
});

export type ItunaEnv = z.infer<typeof ItunaEnvSchema>;

/** The environment, checked; every bad variable is named, with the value it had. */
export function parseItunaEnv(env: NodeJS.ProcessEnv): ItunaEnv {
  const parsed = ItunaEnvSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const name = String(issue.path[0]);
    return `${name} ${issue.message} (got "${env[name]}")`;
  });
  throw new Error(`invalid configuration: ${problems.join('; ')}`);
}
