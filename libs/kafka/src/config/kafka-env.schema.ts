import { accessSync, constants } from 'node:fs';
import { z } from 'zod';
import { envBoolean, envChoice, envOptional, envWholeNumber, parseEnv } from '@ituna/contracts';

const COMPRESSIONS = ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const;
/** What ITUNA_DELIVERY may say (see transaction/delivery-mode.ts). */
export const DELIVERY_MODES = ['exactly-once', 'at-least-once'] as const;
const SASL_MECHANISMS = ['scram-sha-512', 'scram-sha-256', 'plain'] as const;

/** The variables libs/kafka reads (the README's Configuration and libs/kafka's README list them). */
export const KafkaEnvSchema = z.object({
  /** Comma-separated host:port. */
  KAFKA_BROKERS: envOptional(
    z.string().regex(/^\s*[^\s,:]+:\d+\s*(,\s*[^\s,:]+:\d+\s*)*,?\s*$/, 'must be host:port[,host:port...]'),
  ),
  KAFKA_SSL: envOptional(envBoolean()),
  KAFKA_SSL_CA_FILE: envOptional(z.string()),
  KAFKA_SSL_REJECT_UNAUTHORIZED: envOptional(envBoolean()),
  KAFKA_SASL_MECHANISM: envOptional(envChoice(SASL_MECHANISMS)),
  KAFKA_SASL_USERNAME: envOptional(z.string()),
  KAFKA_SASL_PASSWORD: envOptional(z.string()),
  KAFKA_COMPRESSION: envOptional(envChoice(COMPRESSIONS)),
  KAFKA_IDEMPOTENT: envOptional(envBoolean()),
  ITUNA_DELIVERY: envOptional(envChoice(DELIVERY_MODES)),
  ITUNA_TRANSACTIONAL_ID: envOptional(z.string().trim()),
  ITUNA_HANDLER_ATTEMPTS: envOptional(envWholeNumber(1, 100)),
  ITUNA_HANDLER_BACKOFF_MS: envOptional(envWholeNumber(0, 60_000)),
});

export type KafkaEnv = z.infer<typeof KafkaEnvSchema>;

/** libs/kafka's variables, checked one by one and together (a bad one throws, naming it). */
export function kafkaEnv(env: NodeJS.ProcessEnv = process.env): KafkaEnv {
  const vars = parseEnv(KafkaEnvSchema, env);
  const problems: string[] = [];
  if (vars.KAFKA_SASL_MECHANISM && !(vars.KAFKA_SASL_USERNAME && vars.KAFKA_SASL_PASSWORD)) {
    problems.push('KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD are required when KAFKA_SASL_MECHANISM is set');
  }
  if (vars.KAFKA_SSL_CA_FILE && !readable(vars.KAFKA_SSL_CA_FILE)) {
    problems.push(`KAFKA_SSL_CA_FILE must be a file this process can read (got "${vars.KAFKA_SSL_CA_FILE}")`);
  }
  if (problems.length) throw new Error(`invalid configuration: ${problems.join('; ')}`);
  return vars;
}

function readable(file: string): boolean {
  try {
    accessSync(file, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}
