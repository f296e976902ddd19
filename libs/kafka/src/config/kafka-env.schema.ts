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
    { default: '`127.0.0.1:9092`', description: 'the brokers, `host:port[,host:port...]`' },
  ),
  KAFKA_SSL: envOptional(envBoolean(), { default: '`false`', description: '`true` connects over TLS' }),
  KAFKA_SSL_CA_FILE: envOptional(z.string(), {
    default: '',
    description: 'a PEM file of the certificate authorities to trust (implies TLS)',
  }),
  KAFKA_SSL_REJECT_UNAUTHORIZED: envOptional(envBoolean(), {
    default: '`true`',
    description: '`false` accepts a broker certificate no trusted authority signed (not for production)',
  }),
  KAFKA_SASL_MECHANISM: envOptional(envChoice(SASL_MECHANISMS), {
    default: '',
    description: '`scram-sha-512`, `scram-sha-256` or `plain`; needs `KAFKA_SASL_USERNAME` and `KAFKA_SASL_PASSWORD`',
  }),
  KAFKA_SASL_USERNAME: envOptional(z.string(), { default: '', description: 'the SASL user' }),
  KAFKA_SASL_PASSWORD: envOptional(z.string(), {
    default: '',
    description: 'the SASL password (never repeated in an error message)',
  }),
  KAFKA_COMPRESSION: envOptional(envChoice(COMPRESSIONS), {
    default: '`none`',
    description: 'the codec the producers write: `none`, `gzip`, `snappy`, `lz4` or `zstd` (consumers read all five)',
  }),
  KAFKA_IDEMPOTENT: envOptional(envBoolean(), {
    default: '`true`',
    description: '`false` turns off idempotent producers (for a cluster whose ACLs refuse IdempotentWrite)',
  }),
  ITUNA_DELIVERY: envOptional(envChoice(DELIVERY_MODES), {
    default: '`exactly-once`',
    description:
      '`exactly-once`: each consuming hop commits what it wrote with its consumed offset in one Kafka transaction; `at-least-once`: writes at once, offsets committed after ([reliability](reliability.md))',
  }),
  ITUNA_TRANSACTIONAL_ID: envOptional(z.string().trim(), {
    default: "the service's name",
    description:
      'the prefix of the transactional ids (exactly-once), one per consumed partition: `<prefix>-<topic>-<partition>`; set it when two deployments share a cluster',
  }),
  ITUNA_HANDLER_ATTEMPTS: envOptional(envWholeNumber(1, 100), {
    default: '`3`',
    description: 'tries of a failing consumer handler before its message is dead-lettered',
  }),
  ITUNA_HANDLER_BACKOFF_MS: envOptional(envWholeNumber(0, 60_000), {
    default: '`300`',
    description: 'the pause before the second try, doubled for each further one',
  }),
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
